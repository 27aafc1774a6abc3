"""
question: q3
verdict: wrong
expect: "did you ignore gain?"
about: the bound is sqrt(6/(fan_in+fan_out)) without the gain factor
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive
    fan_out = tensor.size(0) * receptive
    a = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
