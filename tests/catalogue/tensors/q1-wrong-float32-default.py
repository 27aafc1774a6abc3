"""
question: q1
verdict: wrong
expect: "pass dtype=torch.float64"
about: "forgets the dtype: torch.randn gives float32, so the array is float32"
"""
import torch


def random_float64_array(rows, cols):
    return torch.randn(rows, cols).numpy()
