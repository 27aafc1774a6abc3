"""
question: q2
verdict: wrong
expect: "must return a 0-dimensional tensor"
about: returns a Python float with .item(), which cannot be backpropagated
"""
import torch


def bce(p, y, eps=1e-7):
    p = torch.clamp(p, eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean().item()
