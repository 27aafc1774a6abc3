"""
question: q4
verdict: wrong
expect: "α and 1 − α are swapped"
about: v ← (1−α)·v + α·g², weighting the new gradient by alpha
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            if p.grad is None:
                continue
            v.mul_(1 - alpha).addcmul_(p.grad, p.grad, value=alpha)
            p.addcdiv_(p.grad, v.sqrt().add_(eps), value=-lr)
