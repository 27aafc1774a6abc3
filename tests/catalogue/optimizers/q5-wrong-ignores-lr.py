"""
question: q5
verdict: wrong
expect: "the step ignores lr"
about: the paper's rule p ← p − Δ, without PyTorch's lr
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for p, v, u in zip(params, sq_avgs, acc_deltas):
            if p.grad is None:
                continue
            v.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
            delta = (u + eps).sqrt() / (v + eps).sqrt() * p.grad
            u.mul_(rho).addcmul_(delta, delta, value=1 - rho)
            p.sub_(delta)
