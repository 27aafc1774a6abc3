"""
question: q3
verdict: correct
about: fans from math.prod of the trailing dimensions, then tensor.uniform_(-a, a) under torch.no_grad()
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("xavier_uniform_ needs a tensor with at least 2 dimensions")
    receptive = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive
    fan_out = tensor.size(0) * receptive
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
