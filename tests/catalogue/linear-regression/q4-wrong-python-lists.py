"""
question: q4
verdict: wrong
expect: "the result must be torch.float64 too"
about: builds the matrix from Python lists with torch.tensor, which is always float32, whatever dtype x had
"""
import torch


def poly_features(x, degree):
    rows = [[value ** k for k in range(1, degree + 1)] for value in x.tolist()]
    return torch.tensor(rows)
