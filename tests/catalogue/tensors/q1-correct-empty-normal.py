"""
question: q1
verdict: correct
about: "fills an empty float64 tensor in place with normal_() and converts with np.asarray"
"""
import numpy as np
import torch


def random_float64_array(rows, cols):
    samples = torch.empty(rows, cols, dtype=torch.float64).normal_(0.0, 1.0)
    return np.asarray(samples)
