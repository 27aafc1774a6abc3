"""
question: q5
verdict: wrong
expect: "must return a Python float"
about: returns the 0-d tensor f''(x0)
"""
import torch


def second_derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    (d1,) = torch.autograd.grad(f(x), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    return d2
