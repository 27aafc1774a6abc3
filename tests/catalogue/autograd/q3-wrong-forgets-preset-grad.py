"""
question: q3
verdict: wrong
expect: "includes the w.grad that was already there"
about: "backward, clone, zero: correct from a None w.grad, but a preset w.grad leaks into the first gradient"
"""
import torch


def grads_per_input(f, w, inputs):
    grads = []
    for x in inputs:
        f(w, x).backward()
        grads.append(w.grad.clone())
        w.grad.zero_()
    w.grad = None
    return grads
