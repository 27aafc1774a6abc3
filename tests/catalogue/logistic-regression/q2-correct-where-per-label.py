"""
question: q2
verdict: correct
about: picks -log p or -log(1 - p) per sample with torch.where
"""
import torch


def bce(p, y, eps=1e-7):
    p = p.clamp(min=eps, max=1 - eps)
    return torch.where(y == 1, -torch.log(p), -torch.log(1 - p)).mean()
