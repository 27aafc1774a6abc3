"""
question: q2
verdict: wrong
expect: "when p contains 0"
about: no clamping at all, so p = 0 gives log(0) = -inf
"""
import torch


def bce(p, y, eps=1e-7):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
