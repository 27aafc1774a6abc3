"""
question: q5
verdict: wrong
expect: "gradients accumulate"
about: "backward(create_graph=True) then x.grad.backward(): x.grad ends as f' + f''"
"""
import torch


def second_derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    f(x).backward(create_graph=True)
    x.grad.backward()
    return x.grad.item()
