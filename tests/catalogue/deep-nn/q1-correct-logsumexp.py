"""
question: q1
verdict: correct
about: exp(z - logsumexp(z)) row by row (logsumexp is allowed and stable)
"""
import torch


def stable_softmax(z):
    return torch.exp(z - torch.logsumexp(z, dim=1, keepdim=True))
