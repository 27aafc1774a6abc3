"""
question: q1
verdict: wrong
expect: "wrap in-place changes in torch.no_grad()"
about: weight.copy_ outside torch.no_grad() on a Parameter that requires grad raises the leaf-variable error
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    samples = np.random.uniform(low, high, size=tuple(weight.shape))
    weight.copy_(torch.from_numpy(samples))
    return weight
