"""
question: q1
verdict: wrong
expect: "Did you use NumPy's np.random?"
about: "draws with np.random.randn (NumPy's generator) and wraps the result in a tensor first"
"""
import numpy as np
import torch


def random_float64_array(rows, cols):
    return torch.from_numpy(np.random.randn(rows, cols)).numpy()
