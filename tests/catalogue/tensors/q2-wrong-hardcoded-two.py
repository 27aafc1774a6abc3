"""
question: q2
verdict: wrong
expect: "the central block holds 2, not value"
about: "solves the chapter's exercise literally: writes 2 instead of the argument value"
"""
import torch


def ones_with_center(n, k, value):
    if k < 0 or k > n or (n - k) % 2:
        raise ValueError("bad sizes")
    t = torch.ones(n, n)
    s = (n - k) // 2
    t[s:s + k, s:s + k] = 2
    return t
