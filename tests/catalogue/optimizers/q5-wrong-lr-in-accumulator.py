"""
question: q5
verdict: wrong
expect: "u accumulates (lr·Δ)²"
about: multiplies Δ by lr first and accumulates the scaled update in u
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for p, v, u in zip(params, sq_avgs, acc_deltas):
            if p.grad is None:
                continue
            v.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
            update = lr * (u + eps).sqrt() / (v + eps).sqrt() * p.grad
            u.mul_(rho).addcmul_(update, update, value=1 - rho)
            p.sub_(update)
