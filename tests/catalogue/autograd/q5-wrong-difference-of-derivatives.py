"""
question: q5
verdict: wrong
expect: "finite differences call f more than once"
about: "a central difference of two autograd first derivatives: calls f twice"
"""
import torch


def second_derivative_at(f, x0):
    h = 1e-4

    def first(at):
        x = torch.tensor(at, dtype=torch.float64, requires_grad=True)
        return torch.autograd.grad(f(x), x)[0].item()

    return (first(float(x0) + h) - first(float(x0) - h)) / (2 * h)
