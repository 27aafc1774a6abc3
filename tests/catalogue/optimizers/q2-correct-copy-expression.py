"""
question: q2
verdict: correct
about: writes the new velocity into the caller's tensor with copy_, loops by index
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is None:
                continue
            velocities[i].copy_(momentum * velocities[i] + p.grad)
            p.sub_(lr * velocities[i])
