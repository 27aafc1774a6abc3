"""
question: q3
verdict: wrong
expect: "which this question forbids"
about: calls F.binary_cross_entropy_with_logits, which the question forbids
"""
import torch.nn.functional as F


def bce_with_logits(z, y):
    return F.binary_cross_entropy_with_logits(z, y)
