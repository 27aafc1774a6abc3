"""
question: q3
verdict: wrong
expect: "which this question forbids"
about: calls nn.BCEWithLogitsLoss, which the question forbids
"""
from torch import nn


def bce_with_logits(z, y):
    return nn.BCEWithLogitsLoss()(z, y)
