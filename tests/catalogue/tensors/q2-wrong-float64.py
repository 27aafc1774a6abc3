"""
question: q2
verdict: wrong
expect: "not torch.float32"
about: "builds the matrix in NumPy and converts with torch.from_numpy, which keeps float64"
"""
import numpy as np
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    a = np.ones((n, n))
    s = (n - k) // 2
    a[s:s + k, s:s + k] = value
    return torch.from_numpy(a)
