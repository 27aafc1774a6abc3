"""
question: q4
verdict: wrong
expect: "used more than 0.5 s of CPU time"
about: "a Python loop over the rows through NumPy (right values, far too slow on a large input)"
"""
import numpy as np
import torch


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    a = x.numpy()
    mean, std = a.mean(axis=0), a.std(axis=0)
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = (a[i] - mean) / std
    return torch.from_numpy(out)
