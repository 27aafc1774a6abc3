"""
question: q1
verdict: wrong
expect: "the parameters never changed"
about: p = p - lr * p.grad only rebinds the loop variable; the caller's tensors never change
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p = p - lr * p.grad
