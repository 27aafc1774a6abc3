"""
question: q1
verdict: wrong
expect: "add keepdim=True"
about: "z.max(dim=1).values has shape (N,): on a square input it broadcasts along the columns"
"""
import torch


def stable_softmax(z):
    e = torch.exp(z - z.max(dim=1).values)
    return e / e.sum(dim=1, keepdim=True)
