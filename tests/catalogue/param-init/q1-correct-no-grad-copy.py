"""
question: q1
verdict: correct
about: draws with np.random.uniform and copies into the tensor under torch.no_grad(); copy_ casts to the tensor's dtype
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    samples = np.random.uniform(low, high, size=tuple(weight.shape))
    with torch.no_grad():
        weight.copy_(torch.from_numpy(np.asarray(samples)))
    return weight
