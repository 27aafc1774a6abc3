"""
question: q2
verdict: wrong
expect: "keep the state lists aligned with params by index"
about: drops the parameters without a gradient before zipping with the velocities, so the lists fall out of step
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        with_grad = [p for p in params if p.grad is not None]
        for p, v in zip(with_grad, velocities):
            v.mul_(momentum).add_(p.grad)
            p.sub_(lr * v)
