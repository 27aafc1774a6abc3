"""
question: q3
verdict: wrong
expect: "the gradients accumulate in w.grad"
about: "backward per input without zeroing in between: running sums"
"""
import torch


def grads_per_input(f, w, inputs):
    saved = None if w.grad is None else w.grad.clone()
    w.grad = None
    grads = []
    for x in inputs:
        f(w, x).backward()
        grads.append(w.grad.clone())
    w.grad = saved
    return grads
