"""
question: q2
verdict: wrong
expect: "gradient of the sum of the outputs"
about: "y.backward(torch.ones_like(y)) once: the vector-Jacobian product with ones, not the Jacobian"
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    y.backward(torch.ones_like(y))
    return x.grad
