"""
question: q3
verdict: wrong
expect: "the sum, not the mean"
about: sums the per-sample losses
"""
import torch


def bce_with_logits(z, y):
    return (torch.clamp(z, min=0) - z * y + torch.log1p(torch.exp(-torch.abs(z)))).sum()
