"""
question: q2
verdict: wrong
expect: "update the caller's state tensors in place"
about: velocities[i] = momentum * velocities[i] + g puts a new tensor into the list; the caller's tensor stays zero
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is None:
                continue
            velocities[i] = momentum * velocities[i] + p.grad
            p.sub_(lr * velocities[i])
