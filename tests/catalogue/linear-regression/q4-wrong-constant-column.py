"""
question: q4
verdict: wrong
expect: "extra constant column"
about: includes the column x⁰ = 1 (the bias already plays that role)
"""
import torch


def poly_features(x, degree):
    return torch.stack([x ** k for k in range(degree + 1)], dim=1)
