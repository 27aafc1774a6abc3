"""
question: q4
verdict: wrong
expect: "has .grad None, yet it or its state changed"
about: treats a missing gradient as zero, so the average of g² decays while PyTorch leaves it alone
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            g = torch.zeros_like(p) if p.grad is None else p.grad
            v.mul_(alpha).addcmul_(g, g, value=1 - alpha)
            p.addcdiv_(g, v.sqrt().add_(eps), value=-lr)
