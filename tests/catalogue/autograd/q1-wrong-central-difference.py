"""
question: q1
verdict: wrong
expect: "finite differences call f more than once"
about: "central finite difference in float64: accurate, but calls f twice and never uses autograd"
"""
import torch


def derivative_at(f, x0):
    h = 1e-6
    x = torch.tensor(float(x0), dtype=torch.float64)
    return ((f(x + h) - f(x - h)) / (2 * h)).item()
