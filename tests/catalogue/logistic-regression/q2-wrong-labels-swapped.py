"""
question: q2
verdict: wrong
expect: "y and 1 - y are swapped"
about: pairs y with log(1 - p) and 1 - y with log p
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, eps, 1 - eps)
    return -(y * torch.log(1 - p) + (1 - y) * torch.log(p)).mean()
