"""
question: q1
verdict: wrong
expect: "rows and columns are swapped"
about: "builds the tensor as (cols, rows)"
"""
import torch


def random_float64_array(rows, cols):
    return torch.randn(cols, rows, dtype=torch.float64).numpy()
