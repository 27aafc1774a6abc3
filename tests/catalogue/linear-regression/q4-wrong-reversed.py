"""
question: q4
verdict: wrong
expect: "reverse order"
about: highest power first, as numpy.vander orders its columns by default
"""
import torch


def poly_features(x, degree):
    return torch.stack([x ** k for k in range(degree, 0, -1)], dim=1)
