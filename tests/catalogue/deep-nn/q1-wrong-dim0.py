"""
question: q1
verdict: wrong
expect: "normalised along dim 0"
about: shifts by the row maximum but divides by the column sums
"""
import torch


def stable_softmax(z):
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)
    return e / e.sum(dim=0, keepdim=True)
