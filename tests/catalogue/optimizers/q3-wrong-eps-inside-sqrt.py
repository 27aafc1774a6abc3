"""
question: q3
verdict: wrong
expect: "ε is inside the square root"
about: divides by sqrt(s + eps) instead of sqrt(s) + eps
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for p, s in zip(params, sums):
            if p.grad is None:
                continue
            s.add_(p.grad ** 2)
            p.sub_(lr * p.grad / torch.sqrt(s + eps))
