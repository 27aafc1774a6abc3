"""
question: q1
verdict: wrong
expect: "which this assignment forbids"
about: torch.func.grad does the differentiation (forbidden)
"""
import torch


def derivative_at(f, x0):
    return torch.func.grad(f)(torch.tensor(float(x0))).item()
