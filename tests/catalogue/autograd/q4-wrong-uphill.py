"""
question: q4
verdict: wrong
expect: "uphill"
about: adds the gradient instead of subtracting it
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w += lr * w.grad
    w.grad.zero_()
    return w
