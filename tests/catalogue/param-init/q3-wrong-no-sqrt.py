"""
question: q3
verdict: wrong
expect: "did you forget the square root?"
about: the bound is gain*6/(fan_in+fan_out), the square root is missing
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive
    fan_out = tensor.size(0) * receptive
    a = gain * 6.0 / (fan_in + fan_out)
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
