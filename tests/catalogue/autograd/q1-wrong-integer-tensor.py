"""
question: q1
verdict: wrong
expect: "convert it with float(x0)"
about: torch.tensor(x0, requires_grad=True) fails when x0 is an int (an int64 tensor cannot require grad)
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(x0, requires_grad=True)
    f(x).backward()
    return x.grad.item()
