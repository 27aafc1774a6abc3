"""
question: q2
verdict: wrong
expect: "this is Nesterov momentum"
about: steps along g + μ·v (Nesterov) instead of v
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad)
            p.sub_(lr * (p.grad + momentum * v))
