"""
question: q1
verdict: wrong
expect: "convert it to a NumPy ndarray with .numpy()"
about: "returns the float64 tensor itself, not an ndarray"
"""
import torch


def random_float64_array(rows, cols):
    return torch.randn(rows, cols, dtype=torch.float64)
