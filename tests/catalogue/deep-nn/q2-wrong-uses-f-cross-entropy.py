"""
question: q2
verdict: wrong
expect: "calls torch.nn.functional.cross_entropy, which this question forbids"
about: delegates to nn.CrossEntropyLoss (which calls F.cross_entropy)
"""
from torch import nn


def cross_entropy(logits, targets):
    return nn.CrossEntropyLoss()(logits, targets)
