"""
question: q2
verdict: wrong
expect: "expected ValueError when k < 0"
about: "checks k > n and the parity but not k < 0 (the slice is then empty and no error is raised)"
"""
import torch


def ones_with_center(n, k, value):
    if k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    t = torch.ones(n, n)
    s = (n - k) // 2
    t[s:s + k, s:s + k] = value
    return t
