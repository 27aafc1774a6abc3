"""
question: q2
verdict: wrong
expect: "pass retain_graph=True"
about: "backward per output without retain_graph: the second backward through the freed graph fails"
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    rows = []
    for i in range(len(y)):
        x.grad = None
        y[i].backward()
        rows.append(x.grad.clone())
    return torch.stack(rows)
