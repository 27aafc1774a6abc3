"""
question: q1
verdict: wrong
expect: "exp overflowed"
about: "the textbook formula without subtracting the maximum: inf / inf = NaN for large logits"
"""
import torch


def stable_softmax(z):
    e = torch.exp(z)
    return e / e.sum(dim=1, keepdim=True)
