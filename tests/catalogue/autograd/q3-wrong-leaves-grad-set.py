"""
question: q3
verdict: wrong
expect: "leave it as you found it"
about: right gradients, but leaves the last gradient in w.grad when it was None before
"""
import torch


def grads_per_input(f, w, inputs):
    saved = None if w.grad is None else w.grad.clone()
    grads = []
    for x in inputs:
        w.grad = None
        f(w, x).backward()
        grads.append(w.grad.clone())
    if saved is not None:
        w.grad = saved
    return grads
