"""
question: q3
verdict: wrong
expect: "update the caller's state tensors in place"
about: sums[i] = sums[i] + g ** 2 stores a new tensor in the list instead of updating the caller's
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is None:
                continue
            sums[i] = sums[i] + p.grad ** 2
            p.sub_(lr * p.grad / (sums[i].sqrt() + eps))
