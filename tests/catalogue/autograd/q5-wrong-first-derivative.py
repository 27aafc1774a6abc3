"""
question: q5
verdict: wrong
expect: "it returned the first derivative"
about: stops after one derivative
"""
import torch


def second_derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    (d1,) = torch.autograd.grad(f(x), x, create_graph=True)
    return d1.item()
