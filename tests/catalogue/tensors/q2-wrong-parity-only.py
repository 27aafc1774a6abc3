"""
question: q2
verdict: wrong
expect: "expected ValueError when k > n"
about: "checks only that n - k is even, so k > n with an even difference passes silently"
"""
import torch


def ones_with_center(n, k, value):
    if (n - k) % 2 != 0:
        raise ValueError("n - k must be even")
    t = torch.ones(n, n)
    s = (n - k) // 2
    t[s:s + k, s:s + k] = value
    return t
