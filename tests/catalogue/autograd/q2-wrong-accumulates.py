"""
question: q2
verdict: wrong
expect: "the gradients accumulate in x.grad"
about: "never zeroes x.grad between outputs: row i is the sum of rows 1..i"
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    rows = []
    for i in range(len(y)):
        y[i].backward(retain_graph=True)
        rows.append(x.grad.clone())
    return torch.stack(rows)
