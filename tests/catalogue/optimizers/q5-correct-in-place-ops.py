"""
question: q5
verdict: correct
about: "PyTorch's order with in-place operations: v, then Δ with the new v, then u, then p"
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for p, v, u in zip(params, sq_avgs, acc_deltas):
            if p.grad is None:
                continue
            v.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
            delta = (u + eps).sqrt().div_((v + eps).sqrt()).mul_(p.grad)
            u.mul_(rho).addcmul_(delta, delta, value=1 - rho)
            p.add_(delta, alpha=-lr)
