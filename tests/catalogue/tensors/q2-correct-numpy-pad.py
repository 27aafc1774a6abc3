"""
question: q2
verdict: correct
about: "pads a k×k block of value with ones (np.pad) and converts with an explicit float32 dtype"
"""
import numpy as np
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2 != 0:
        raise ValueError("need 0 <= k <= n and n - k even")
    margin = (n - k) // 2
    block = np.full((k, k), value, dtype=np.float32)
    return torch.tensor(np.pad(block, margin, constant_values=1.0), dtype=torch.float32)
