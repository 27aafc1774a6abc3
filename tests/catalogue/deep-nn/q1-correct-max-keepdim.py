"""
question: q1
verdict: correct
about: subtracts each row's amax (keepdim=True), then exp and divides by the row sums
"""
import torch


def stable_softmax(z):
    e = torch.exp(z - torch.amax(z, dim=1, keepdim=True))
    return e / torch.sum(e, dim=1, keepdim=True)
