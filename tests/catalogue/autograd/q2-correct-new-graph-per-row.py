"""
question: q2
verdict: correct
about: "no retain_graph: calls f again for every row, so each backward has a fresh graph"
"""
import torch


def jacobian(f, x):
    m = f(x).shape[0]
    rows = []
    for i in range(m):
        xi = x.clone().requires_grad_(True)
        f(xi)[i].backward()
        rows.append(xi.grad)
    return torch.stack(rows)
