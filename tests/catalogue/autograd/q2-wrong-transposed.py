"""
question: q2
verdict: wrong
expect: "transposed"
about: "stacks the gradients as columns (dim=1): the n x m transpose"
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    cols = [torch.autograd.grad(y[i], x, retain_graph=True)[0] for i in range(len(y))]
    return torch.stack(cols, dim=1)
