"""
question: q1
verdict: correct
about: draws with np.random.uniform, converts to the weight's dtype with .to(), then weight.data.copy_
"""
import numpy as np
import torch


def numpy_uniform_(weight, low, high):
    arr = np.random.uniform(low=low, high=high, size=weight.shape)
    weight.data.copy_(torch.from_numpy(np.asarray(arr)).to(weight.dtype))
    return weight
