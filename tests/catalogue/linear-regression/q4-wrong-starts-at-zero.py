"""
question: q4
verdict: wrong
expect: "the columns are x⁰ … x^(degree-1)"
about: range(degree) gives the powers 0 … degree-1
"""
import torch


def poly_features(x, degree):
    return torch.stack([x ** k for k in range(degree)], dim=1)
