"""
question: q2
verdict: correct
about: NumPy version, np.random.normal(mean, std, size) copied into weight.data with copy_ (keeps float32)
"""
import numpy as np
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    linears = [m for m in model.children() if isinstance(m, nn.Linear)]
    for linear in linears:
        samples = np.random.normal(loc=mean, scale=std, size=tuple(linear.weight.shape))
        linear.weight.data.copy_(torch.from_numpy(samples))
    return model
