"""
question: q1
verdict: wrong
expect: "some parameters have .grad None: skip them"
about: does not skip parameters without a gradient, so lr * None raises a TypeError
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
