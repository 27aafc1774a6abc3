"""
question: q3
verdict: wrong
expect: "expected ValueError for a tensor with fewer than 2 dimensions"
about: no dimension check; fans come from shape slices (math.prod of an empty slice is 1), so a 1-D tensor is silently filled
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    shape = tuple(tensor.shape)
    receptive = math.prod(shape[2:])
    fan_in = math.prod(shape[1:2]) * receptive
    fan_out = math.prod(shape[0:1]) * receptive
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
