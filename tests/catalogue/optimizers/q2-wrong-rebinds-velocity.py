"""
question: q2
verdict: wrong
expect: "update the caller's state tensors in place"
about: v = momentum * v + g rebinds the loop variable; the velocity starts from zero at every call
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v = momentum * v + p.grad
            p.sub_(lr * v)
