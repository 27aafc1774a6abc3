"""
question: q2
verdict: correct
about: clamps p, then uses torch.log1p(-p) for log(1 - p)
"""
import torch


def bce(p, y, eps=1e-7):
    p = p.clamp(eps, 1 - eps)
    return (-y * torch.log(p) - (1 - y) * torch.log1p(-p)).mean()
