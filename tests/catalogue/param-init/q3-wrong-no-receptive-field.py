"""
question: q3
verdict: wrong
expect: "did you forget the receptive field size r?"
about: fan_in = size(1), fan_out = size(0) without multiplying by r, wrong for conv-shaped tensors
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    fan_out, fan_in = tensor.size(0), tensor.size(1)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        tensor.uniform_(-a, a)
    return tensor
