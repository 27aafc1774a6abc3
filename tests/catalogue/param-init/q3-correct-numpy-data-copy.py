"""
question: q3
verdict: correct
about: NumPy version, loops over the trailing dimensions for r and copies np.random.uniform(-a, a) into tensor.data
"""
import math

import numpy as np
import torch


def _fans(shape):
    r = 1
    for d in shape[2:]:
        r *= d
    return shape[1] * r, shape[0] * r


def xavier_uniform_(tensor, gain=1.0):
    if len(tensor.shape) < 2:
        raise ValueError(f"expected at least 2 dimensions, got {len(tensor.shape)}")
    fan_in, fan_out = _fans(tuple(tensor.shape))
    bound = gain * math.sqrt(6 / (fan_in + fan_out))
    samples = np.random.uniform(-bound, bound, size=tuple(tensor.shape))
    tensor.data.copy_(torch.from_numpy(samples))
    return tensor
