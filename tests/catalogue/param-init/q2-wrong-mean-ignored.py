"""
question: q2
verdict: wrong
expect: "wrong mean"
about: hard-codes a zero mean, normal_(0, std), so the mean argument is ignored
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.weight.normal_(0, std)
    return model
