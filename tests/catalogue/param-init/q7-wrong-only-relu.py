"""
question: q7
verdict: wrong
expect: "missing activations"
about: hooks only nn.ReLU modules, so Tanh and Sigmoid outputs are missing
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.std().item())

    handles = [m.register_forward_hook(_hook) for m in model.modules() if isinstance(m, nn.ReLU)]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return stds
