"""
question: q4
verdict: correct
about: "torch.std_mean with correction=0"
"""
import torch


def standardize_columns(x):
    if x.ndim != 2:
        raise ValueError(f"expected 2 dimensions, got {x.ndim}")
    std, mean = torch.std_mean(x, dim=0, correction=0)
    return (x - mean) / std
