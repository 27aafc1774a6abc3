"""
question: q2
verdict: wrong
expect: "0.5 is the standard deviation, not the variance"
about: treats std as a variance and passes sqrt(std) as the scale of np.random.normal
"""
import math

import numpy as np
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    for layer in model:
        if isinstance(layer, nn.Linear):
            # std is the variance, so the scale is its square root
            samples = np.random.normal(mean, math.sqrt(std), size=tuple(layer.weight.shape))
            layer.weight.data.copy_(torch.from_numpy(samples))
    return model
