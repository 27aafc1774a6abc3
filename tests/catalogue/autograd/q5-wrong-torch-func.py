"""
question: q5
verdict: wrong
expect: "which this assignment forbids"
about: torch.func.grad applied twice (forbidden)
"""
import torch


def second_derivative_at(f, x0):
    return torch.func.grad(torch.func.grad(f))(torch.tensor(float(x0))).item()
