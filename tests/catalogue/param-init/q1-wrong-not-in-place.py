"""
question: q1
verdict: wrong
expect: "returned a different object"
about: builds and returns a new tensor (right dtype and values) instead of filling weight in place
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    samples = np.random.uniform(low, high, size=tuple(weight.shape))
    return torch.tensor(samples, dtype=weight.dtype)
