"""
question: q2
verdict: correct
about: builds mean + std * randn_like(weight) and copies it in with copy_ inside torch.no_grad()
"""
import torch
from torch import nn


def init_linear_normal_(model, mean=0.0, std=0.5):
    for idx in range(len(model)):
        layer = model[idx]
        if not isinstance(layer, nn.Linear):
            continue
        with torch.no_grad():
            layer.weight.copy_(mean + std * torch.randn_like(layer.weight))
    return model
