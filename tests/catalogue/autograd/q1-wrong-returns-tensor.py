"""
question: q1
verdict: wrong
expect: "must return a Python float"
about: returns x.grad, a 0-d tensor, instead of a Python float
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    f(x).backward()
    return x.grad
