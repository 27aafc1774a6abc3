"""
question: q1
verdict: wrong
expect: "torch.rand draws from the uniform distribution"
about: "torch.rand (U(0, 1)) instead of torch.randn (N(0, 1))"
"""
import torch


def random_float64_array(rows, cols):
    return torch.rand(rows, cols, dtype=torch.float64).numpy()
