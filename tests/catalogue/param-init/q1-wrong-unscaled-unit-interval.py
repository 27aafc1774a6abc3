"""
question: q1
verdict: wrong
expect: "did you forget to scale to [low, high]?"
about: np.random.rand gives U(0, 1) and is copied in without being scaled to [low, high]
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    samples = np.random.rand(*weight.shape)
    with torch.no_grad():
        weight.copy_(torch.as_tensor(samples))
    return weight
