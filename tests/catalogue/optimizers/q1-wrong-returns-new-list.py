"""
question: q1
verdict: wrong
expect: "update the parameters and the state in place and return None"
about: returns a list of new tensors instead of updating the caller's parameters in place
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        return [p if p.grad is None else p - lr * p.grad for p in params]
