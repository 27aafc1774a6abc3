"""
question: q2
verdict: correct
about: v.mul_(momentum).add_(g), then p.add_(v, alpha=-lr), under torch.no_grad()
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad)
            p.add_(v, alpha=-lr)
