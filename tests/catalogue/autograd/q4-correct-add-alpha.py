"""
question: q4
verdict: correct
about: w.add_(w.grad, alpha=-lr) under no_grad, then w.grad.zero_()
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w.add_(w.grad, alpha=-lr)
    w.grad.zero_()
    return w
