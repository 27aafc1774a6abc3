"""
question: q5
verdict: wrong
expect: "create_graph=True"
about: the first derivative without create_graph=True cannot be differentiated again
"""
import torch


def second_derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    (d1,) = torch.autograd.grad(f(x), x)
    (d2,) = torch.autograd.grad(d1, x)
    return d2.item()
