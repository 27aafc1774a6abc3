"""
question: q2
verdict: wrong
expect: "the central block is rows and columns"
about: "treats the slice end as inclusive (one row and column too many)"
"""
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    t = torch.ones(n, n)
    s = (n - k) // 2
    t[s:s + k + 1, s:s + k + 1] = value
    return t
