"""
question: q1
verdict: correct
about: float(x0) into a float32 leaf, y.backward(), x.grad.item()
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    f(x).backward()
    return x.grad.item()
