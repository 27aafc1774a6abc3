"""
question: q1
verdict: wrong
expect: "moved along the gradient (ascent)"
about: adds the gradient instead of subtracting it
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.add_(p.grad, alpha=lr)
