"""
question: q1
verdict: correct
about: a float64 leaf and torch.autograd.grad, converted with float()
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(f(x), x)
    return float(grad)
