"""
question: q3
verdict: wrong
expect: "one per input"
about: "one backward of the total loss: a single gradient for all inputs together"
"""
import torch


def grads_per_input(f, w, inputs):
    total = sum(f(w, x) for x in inputs)
    (grad,) = torch.autograd.grad(total, w)
    return [grad]
