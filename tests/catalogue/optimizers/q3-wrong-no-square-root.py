"""
question: q3
verdict: wrong
expect: "the denominator has no square root"
about: divides by s + eps instead of sqrt(s) + eps
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for p, s in zip(params, sums):
            if p.grad is None:
                continue
            s.add_(p.grad * p.grad)
            p.sub_(lr * p.grad / (s + eps))
