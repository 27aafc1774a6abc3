"""
question: q2
verdict: wrong
expect: "wrong sign"
about: 'forgets the minus sign: the log-likelihood instead of the loss'
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, eps, 1 - eps)
    return (y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
