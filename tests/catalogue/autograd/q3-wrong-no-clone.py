"""
question: q3
verdict: wrong
expect: "Keep each gradient with w.grad.clone()"
about: "appends w.grad itself and zeroes it after each input: every entry is the same (zero) tensor"
"""
import torch


def grads_per_input(f, w, inputs):
    saved = None if w.grad is None else w.grad.clone()
    w.grad = None
    grads = []
    for x in inputs:
        f(w, x).backward()
        grads.append(w.grad)
        w.grad.zero_()
    w.grad = saved
    return grads
