"""
question: q2
verdict: wrong
expect: "the x you were given was changed"
about: sets requires_grad on the caller's own x instead of on a copy
"""
import torch


def jacobian(f, x):
    x.requires_grad_(True)
    y = f(x)
    return torch.stack([torch.autograd.grad(y[i], x, retain_graph=True)[0] for i in range(len(y))])
