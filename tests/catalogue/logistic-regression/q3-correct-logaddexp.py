"""
question: q3
verdict: correct
about: log(1 + e^z) written as torch.logaddexp(0, z), which is stable, then minus z·y
"""
import torch


def bce_with_logits(z, y):
    return (torch.logaddexp(torch.zeros_like(z), z) - z * y).mean()
