"""
question: q1
verdict: wrong
expect: "keep the parameter's dtype"
about: the course-notebook mistake, weight.data = torch.from_numpy(...) turns a float32 weight into float64
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    weight.data = torch.from_numpy(np.random.uniform(low, high, size=tuple(weight.shape)))
    return weight
