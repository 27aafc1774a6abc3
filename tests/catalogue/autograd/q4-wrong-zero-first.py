"""
question: q4
verdict: wrong
expect: "w did not change"
about: zeroes the gradient before the update, so the step is zero
"""
import torch


def gd_step_(w, lr):
    w.grad.zero_()
    with torch.no_grad():
        w -= lr * w.grad
    return w
