"""
question: q1
verdict: wrong
expect: "not the derivative"
about: runs backward but returns y.item(), the value f(x0)
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    y = f(x)
    y.backward()
    return y.item()
