"""
question: q4
verdict: wrong
expect: "w.grad was not zeroed"
about: updates w but never zeroes the gradient
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w -= lr * w.grad
    return w
