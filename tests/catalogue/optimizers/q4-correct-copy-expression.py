"""
question: q4
verdict: correct
about: v.copy_(alpha * v + (1 - alpha) * g ** 2) and p -= lr * g / (v.sqrt() + eps)
"""
import torch


def rmsprop_step_(params, sq_avgs, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        for p, v in zip(params, sq_avgs):
            g = p.grad
            if g is None:
                continue
            v.copy_(alpha * v + (1 - alpha) * g ** 2)
            p -= lr * g / (v.sqrt() + eps)
