"""
question: q2
verdict: wrong
expect: "keep the parameter's dtype"
about: the course-notebook mistake, weight.data = torch.from_numpy(np.random.normal(...)) makes weights float64
"""
import numpy as np
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    for layer in model:
        if isinstance(layer, nn.Linear):
            layer.weight.data = torch.from_numpy(
                np.random.normal(mean, std, size=tuple(layer.weight.shape))
            )
    return model
