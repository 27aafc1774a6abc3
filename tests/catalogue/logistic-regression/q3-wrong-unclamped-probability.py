"""
question: q3
verdict: wrong
expect: "inf or NaN"
about: 'computes sigmoid and takes logs without clamping: log(0) and 0·log(0) for large |z|'
"""
import torch


def bce_with_logits(z, y):
    p = 1 / (1 + torch.exp(-z))
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
