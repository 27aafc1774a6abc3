"""
question: q2
verdict: wrong
expect: "every nn.Linear weight must be initialised"
about: stops after the first nn.Linear (a stray break), so later Linear layers keep their weights
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.weight.normal_(mean, std)
                break
    return model
