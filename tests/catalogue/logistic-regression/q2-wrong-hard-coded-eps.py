"""
question: q2
verdict: wrong
expect: "use the argument eps"
about: hard-codes 1e-7 and ignores the eps argument
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, 1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
