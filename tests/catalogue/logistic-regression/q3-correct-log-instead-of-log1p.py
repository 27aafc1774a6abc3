"""
question: q3
verdict: correct
about: the max trick with torch.log(1 + x) instead of log1p; it loses only terms below float32's resolution (< 6e-8 each), inside the 1e-7 absolute tolerance
"""
import torch


def bce_with_logits(z, y):
    return (torch.relu(z) - z * y + torch.log(1 + torch.exp(-z.abs()))).mean()
