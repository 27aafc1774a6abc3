"""
question: q1
verdict: wrong
expect: "maximum of the whole tensor"
about: "subtracts the maximum of the whole batch: rows far below it underflow to 0/0"
"""
import torch


def stable_softmax(z):
    e = torch.exp(z - z.max())
    return e / e.sum(dim=1, keepdim=True)
