"""
question: q2
verdict: wrong
expect: "when p contains 1"
about: clamps only from below, so p = 1 still gives log(1 - p) = -inf
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, min=eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
