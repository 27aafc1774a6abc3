"""
question: q5
verdict: correct
about: backward(create_graph=True), take x.grad, clear it, backward again (float64)
"""
import torch


def second_derivative_at(f, x0):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    f(x).backward(create_graph=True)
    d1 = x.grad
    x.grad = None
    d1.backward()
    return x.grad.item()
