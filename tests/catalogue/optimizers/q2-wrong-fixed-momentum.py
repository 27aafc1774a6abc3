"""
question: q2
verdict: wrong
expect: "did you ignore the argument momentum?"
about: uses 0.9 whatever momentum it is given
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(0.9).add_(p.grad)
            p.sub_(lr * v)
