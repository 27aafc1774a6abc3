"""
question: q1
verdict: correct
about: scales np.random.random_sample by hand and writes it through weight.data[...] with an explicit dtype cast
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    unit = np.random.random_sample(tuple(weight.shape))
    values = low + (high - low) * unit
    weight.data[...] = torch.as_tensor(values, dtype=weight.dtype, device=weight.device)
    return weight
