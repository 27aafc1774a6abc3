"""
question: q7
verdict: wrong
expect: "did you record the nn.Linear outputs?"
about: hooks the nn.Linear layers, so it records pre-activation outputs instead of the activation outputs
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.std().item())

    handles = [
        m.register_forward_hook(_hook)
        for m in model.modules()
        if isinstance(m, nn.Linear)
    ]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return stds
