"""
question: q3
verdict: wrong
expect: "from a clamped probability"
about: goes through a clamped sigmoid, so a confidently wrong sample's loss is capped at about 16
"""
import torch


def bce_with_logits(z, y, eps=1e-7):
    p = torch.clamp(1 / (1 + torch.exp(-z)), eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
