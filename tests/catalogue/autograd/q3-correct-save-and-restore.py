"""
question: q3
verdict: correct
about: backward per input from a cleared w.grad, clone each gradient, put the original w.grad back at the end
"""
import torch


def grads_per_input(f, w, inputs):
    saved = w.grad
    grads = []
    for x in inputs:
        w.grad = None
        f(w, x).backward()
        grads.append(w.grad.clone())
    w.grad = saved
    return grads
