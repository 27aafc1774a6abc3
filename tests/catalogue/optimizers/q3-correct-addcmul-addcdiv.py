"""
question: q3
verdict: correct
about: s.addcmul_(g, g), then p.addcdiv_(g, s.sqrt().add_(eps), value=-lr)
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for p, s in zip(params, sums):
            if p.grad is None:
                continue
            s.addcmul_(p.grad, p.grad)
            p.addcdiv_(p.grad, s.sqrt().add_(eps), value=-lr)
