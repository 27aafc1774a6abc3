"""
question: q5
verdict: wrong
expect: "update the caller's state tensors in place"
about: acc_deltas[i] = ... replaces the caller's tensor in the list instead of updating it
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is None:
                continue
            sq_avgs[i].mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
            delta = (acc_deltas[i] + eps).sqrt() / (sq_avgs[i] + eps).sqrt() * p.grad
            acc_deltas[i] = rho * acc_deltas[i] + (1 - rho) * delta ** 2
            p.sub_(lr * delta)
