"""
question: q2
verdict: correct
about: torch.autograd.grad on each output y[i] with retain_graph=True, rows stacked
"""
import torch


def jacobian(f, x):
    xc = x.detach().requires_grad_()
    y = f(xc)
    return torch.stack([torch.autograd.grad(yi, xc, retain_graph=True)[0] for yi in y])
