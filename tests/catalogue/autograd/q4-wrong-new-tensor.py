"""
question: q4
verdict: wrong
expect: "did not return w itself"
about: "w = w - lr * w.grad under no_grad: a new tensor, the caller's w is unchanged"
"""
import torch


def gd_step_(w, lr):
    grad = w.grad
    with torch.no_grad():
        w = w - lr * grad
    grad.zero_()
    return w
