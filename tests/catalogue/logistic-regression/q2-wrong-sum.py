"""
question: q2
verdict: wrong
expect: "the sum, not the mean"
about: sums the per-sample losses instead of averaging them
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()
