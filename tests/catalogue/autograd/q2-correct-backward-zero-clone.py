"""
question: q2
verdict: correct
about: one backward(retain_graph=True) per output with a one-hot vector; clones x.grad and zeroes it each time
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        v = torch.zeros_like(y)
        v[i] = 1.0
        if x.grad is not None:
            x.grad.zero_()
        y.backward(v, retain_graph=True)
        rows.append(x.grad.clone())
    return torch.stack(rows)
