"""
question: q2
verdict: correct
about: clamps p, then lets F.binary_cross_entropy take the mean (its own log clamp at -100 never bites after the clamp)
"""
import torch
import torch.nn.functional as F


def bce(p, y, eps=1e-7):
    return F.binary_cross_entropy(torch.clamp(p, eps, 1 - eps), y)
