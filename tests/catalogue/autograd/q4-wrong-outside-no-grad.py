"""
question: q4
verdict: wrong
expect: "torch.no_grad()"
about: "the in-place update outside torch.no_grad(): a leaf that requires grad cannot be changed in place"
"""
import torch


def gd_step_(w, lr):
    w -= lr * w.grad
    w.grad.zero_()
    return w
