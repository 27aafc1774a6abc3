"""
question: q3
verdict: wrong
expect: "y and 1 - y are swapped"
about: uses z·(1 - y) in place of z·y
"""
import torch


def bce_with_logits(z, y):
    return (torch.clamp(z, min=0) - z * (1 - y) + torch.log1p(torch.exp(-torch.abs(z)))).mean()
