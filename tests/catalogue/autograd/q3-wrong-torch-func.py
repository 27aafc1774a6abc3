"""
question: q3
verdict: wrong
expect: "which this assignment forbids"
about: torch.func.grad over the first argument (forbidden)
"""
import torch


def grads_per_input(f, w, inputs):
    grad_f = torch.func.grad(f)
    return [grad_f(w.detach(), x) for x in inputs]
