"""
question: q2
verdict: wrong
expect: "the step uses the velocity from before its update"
about: moves the parameter with the old velocity, then updates the velocity
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            p.sub_(lr * v)
            v.mul_(momentum).add_(p.grad)
