"""
question: q4
verdict: wrong
expect: "ε is inside the square root"
about: divides by sqrt(v + eps) instead of sqrt(v) + eps
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            if p.grad is None:
                continue
            v.mul_(alpha).addcmul_(p.grad, p.grad, value=1 - alpha)
            p.sub_(lr * p.grad / (v + eps).sqrt())
