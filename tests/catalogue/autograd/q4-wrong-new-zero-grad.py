"""
question: q4
verdict: wrong
expect: "replaced with a new tensor"
about: "w.grad = torch.zeros_like(w): zeros, but a new tensor"
"""
import torch


def gd_step_(w, lr):
    with torch.no_grad():
        w -= lr * w.grad
    w.grad = torch.zeros_like(w)
    return w
