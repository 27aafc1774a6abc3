"""
question: q2
verdict: correct
about: "torch.ones then assigns value to the centre slice, with explicit checks"
"""
import torch


def ones_with_center(n, k, value):
    if k < 0:
        raise ValueError("k must not be negative")
    if k > n:
        raise ValueError("k must not exceed n")
    if (n - k) % 2:
        raise ValueError("n - k must be even")
    t = torch.ones((n, n))
    s = (n - k) // 2
    t[s:s + k, s:s + k] = value
    return t
