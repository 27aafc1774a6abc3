"""
question: q4
verdict: wrong
expect: "the step uses v from before its update"
about: takes the step with the old average, then updates it
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            if p.grad is None:
                continue
            p.sub_(lr * p.grad / (v.sqrt() + eps))
            v.mul_(alpha).addcmul_(p.grad, p.grad, value=1 - alpha)
