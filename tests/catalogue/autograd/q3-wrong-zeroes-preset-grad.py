"""
question: q3
verdict: wrong
expect: "leave it as you found it"
about: zeroes w.grad before each input (right gradients), so a preset w.grad is lost
"""
import torch


def grads_per_input(f, w, inputs):
    had_grad = w.grad is not None
    grads = []
    for x in inputs:
        if w.grad is not None:
            w.grad.zero_()
        f(w, x).backward()
        grads.append(w.grad.clone())
    if not had_grad:
        w.grad = None
    return grads
