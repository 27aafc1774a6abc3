"""
question: q2
verdict: wrong
expect: "it uses autograd"
about: right numbers from torch.autograd.grad under a renamed import, which the watch still sees
"""
import torch
from torch.autograd import grad as differentiate


def mse_grad(x, y, w, b):
    w = w.detach().requires_grad_()
    b = b.detach().requires_grad_()
    dw, db = differentiate(((x @ w + b - y) ** 2).mean(), (w, b))
    return dw, db
