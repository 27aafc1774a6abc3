"""
question: q1
verdict: correct
about: p.add_(p.grad, alpha=-lr) under torch.no_grad(), skipping parameters without a gradient
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.add_(p.grad, alpha=-lr)
