"""
question: q3
verdict: correct
about: s += g ** 2 and p -= lr * g / (torch.sqrt(s) + eps), by index
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for i in range(len(params)):
            g = params[i].grad
            if g is None:
                continue
            sums[i] += g ** 2
            params[i] -= lr * g / (torch.sqrt(sums[i]) + eps)
