"""
question: q5
verdict: correct
about: the formulas written out with torch.sqrt, stored with copy_, by index
"""
import torch


def adadelta_step_(params, sq_avgs, acc_deltas, lr=1.0, rho=0.9, eps=1e-6):
    with torch.no_grad():
        for i, p in enumerate(params):
            g = p.grad
            if g is None:
                continue
            sq_avgs[i].copy_(rho * sq_avgs[i] + (1 - rho) * g * g)
            delta = torch.sqrt(acc_deltas[i] + eps) / torch.sqrt(sq_avgs[i] + eps) * g
            acc_deltas[i].copy_(rho * acc_deltas[i] + (1 - rho) * delta * delta)
            p -= lr * delta
