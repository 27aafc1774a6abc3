"""
question: q3
verdict: wrong
expect: "the default values must be"
about: a default learning rate of 0.1 instead of PyTorch's 0.01
"""
import torch


def adagrad_step_(params, sums, lr=0.1, eps=1e-10):
    with torch.no_grad():
        for p, s in zip(params, sums):
            if p.grad is None:
                continue
            s.addcmul_(p.grad, p.grad)
            p.addcdiv_(p.grad, s.sqrt().add_(eps), value=-lr)
