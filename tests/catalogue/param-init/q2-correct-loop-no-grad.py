"""
question: q2
verdict: correct
about: loops over the Sequential's direct elements and calls weight.normal_(mean, std) under torch.no_grad()
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.weight.normal_(mean, std)
    return model
