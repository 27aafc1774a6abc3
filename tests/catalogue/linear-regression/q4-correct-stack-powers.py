"""
question: q4
verdict: correct
about: torch.stack of x ** k along dim 1
"""
import torch


def poly_features(x, degree):
    return torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
