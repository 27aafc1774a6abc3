"""
question: q4
verdict: wrong
expect: "transpose"
about: stacks along dim 0, giving shape (degree, N)
"""
import torch


def poly_features(x, degree):
    return torch.stack([x ** k for k in range(1, degree + 1)])
