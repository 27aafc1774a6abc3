"""
question: q4
verdict: correct
about: w -= lr * w.grad under no_grad, then w.grad.zero_()
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w -= lr * w.grad
        w.grad.zero_()
    return w
