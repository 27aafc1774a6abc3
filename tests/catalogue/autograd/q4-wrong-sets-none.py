"""
question: q4
verdict: wrong
expect: "w.grad is None"
about: sets w.grad to None instead of zeroing it in place
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w -= lr * w.grad
    w.grad = None
    return w
