"""
question: q1
verdict: wrong
expect: "raised a warning"
about: computes with NumPy, whose exp overflows with a RuntimeWarning for z < -88.7 (values still right)
"""
import numpy as np
import torch


def sigmoid(z):
    a = z.detach().numpy()
    return torch.from_numpy(1 / (1 + np.exp(-a)))
