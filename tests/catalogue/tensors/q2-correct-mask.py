"""
question: q2
verdict: correct
about: "builds a boolean mask from arange and uses torch.where"
"""
import torch


def ones_with_center(n, k, value):
    if not 0 <= k <= n or (n - k) % 2 == 1:
        raise ValueError(f"bad n={n}, k={k}")
    idx = torch.arange(n)
    start = (n - k) // 2
    inside = (idx >= start) & (idx < start + k)
    mask = inside[:, None] & inside[None, :]
    return torch.where(mask, torch.tensor(float(value)), torch.tensor(1.0)).to(torch.float32)
