"""
question: q5
verdict: wrong
expect: "Δ uses v from before its update (wrong order)"
about: computes Δ first and updates the average of g² afterwards
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for p, v, u in zip(params, sq_avgs, acc_deltas):
            if p.grad is None:
                continue
            delta = (u + eps).sqrt() / (v + eps).sqrt() * p.grad
            v.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
            u.mul_(rho).addcmul_(delta, delta, value=1 - rho)
            p.sub_(lr * delta)
