"""
question: q1
verdict: correct
about: "torch.normal(0, 1, size=..., dtype=torch.float64), copied with np.array"
"""
import numpy as np
import torch


def random_float64_array(rows, cols):
    return np.array(torch.normal(0.0, 1.0, size=(rows, cols), dtype=torch.float64))
