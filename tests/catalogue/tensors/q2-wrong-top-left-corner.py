"""
question: q2
verdict: wrong
expect: "the central block is rows and columns"
about: "writes the block at the top-left corner instead of the centre"
"""
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    t = torch.ones(n, n)
    t[:k, :k] = value
    return t
