"""
question: q3
verdict: wrong
expect: "did you use fan_in only?"
about: the bound uses fan_in alone, a = gain*sqrt(6/fan_in)
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive
    a = gain * math.sqrt(6.0 / fan_in)
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
