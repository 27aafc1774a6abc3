"""
question: q3
verdict: correct
about: r as numel() // (size(0) * size(1)); (2 * rand_like - 1) * a copied in with copy_ inside torch.no_grad()
"""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.ndim < 2:
        raise ValueError("fan in and fan out can not be computed for fewer than 2 dimensions")
    n_out, n_in = tensor.shape[0], tensor.shape[1]
    r = tensor.numel() // (n_out * n_in) if tensor.numel() else 1
    a = gain * math.sqrt(6.0 / (n_in * r + n_out * r))
    with torch.no_grad():
        tensor.copy_((2 * torch.rand_like(tensor) - 1) * a)
    return tensor
