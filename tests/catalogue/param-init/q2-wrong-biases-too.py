"""
question: q2
verdict: wrong
expect: "biases must stay unchanged"
about: initialises every parameter of each nn.Linear, biases included, with N(mean, std^2)
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                for param in layer.parameters():
                    param.normal_(mean, std)
    return model
