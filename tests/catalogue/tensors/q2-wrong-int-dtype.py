"""
question: q2
verdict: wrong
expect: "not torch.float32"
about: "torch.ones(..., dtype=torch.int64), which also truncates a fractional value"
"""
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    t = torch.ones(n, n, dtype=torch.int64)
    s = (n - k) // 2
    t[s:s + k, s:s + k] = value
    return t
