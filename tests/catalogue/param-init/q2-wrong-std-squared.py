"""
question: q2
verdict: wrong
expect: "you used std² as the standard deviation"
about: passes std**2 (the variance) where normal_ expects the standard deviation
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    variance = std ** 2
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.weight.normal_(mean, variance)
    return model
