"""
question: q4
verdict: correct
about: broadcasts x[:, None] against the exponents torch.arange(1, degree + 1)
"""
import torch


def poly_features(x, degree):
    exponents = torch.arange(1, degree + 1, dtype=x.dtype)
    return x[:, None] ** exponents
