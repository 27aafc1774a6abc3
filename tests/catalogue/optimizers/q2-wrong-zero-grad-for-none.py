"""
question: q2
verdict: wrong
expect: "has .grad None, yet it or its state changed"
about: treats a missing gradient as zero, so the velocity decays and the parameter keeps moving
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            g = p.grad if p.grad is not None else torch.zeros_like(p)
            v.mul_(momentum).add_(g)
            p.sub_(lr * v)
