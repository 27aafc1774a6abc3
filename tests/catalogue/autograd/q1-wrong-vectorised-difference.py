"""
question: q1
verdict: wrong
expect: "f takes a 0-d float tensor"
about: a finite difference in one call of f, on the 1-D tensor [x0 - h, x0 + h]
"""
import torch


def derivative_at(f, x0):
    h = 1e-4
    x = torch.tensor([x0 - h, x0 + h], dtype=torch.float64)
    y = f(x)
    return ((y[1] - y[0]) / (2 * h)).item()
