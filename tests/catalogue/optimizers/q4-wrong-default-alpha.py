"""
question: q4
verdict: wrong
expect: "the default values must be"
about: a default alpha of 0.9 (the value of Hinton's lecture) instead of PyTorch's 0.99
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.9, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            if p.grad is None:
                continue
            v.mul_(alpha).addcmul_(p.grad, p.grad, value=1 - alpha)
            p.addcdiv_(p.grad, v.sqrt().add_(eps), value=-lr)
