"""
question: q2
verdict: wrong
expect: "the velocity includes −lr"
about: "the classical form v ← μ·v − lr·g, p ← p + v: the same path, but the state is −lr times PyTorch's"
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).sub_(lr * p.grad)
            p.add_(v)
