"""
question: q3
verdict: correct
about: "torch.autograd.grad per input: w.grad is never touched"
"""
import torch


def grads_per_input(f, w, inputs):
    return [torch.autograd.grad(f(w, x), w)[0] for x in inputs]
