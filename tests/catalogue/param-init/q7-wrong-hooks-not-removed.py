"""
question: q7
verdict: wrong
expect: "forward hooks are still registered"
about: registers the forward hooks but never calls handle.remove(), so they stay on the model
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.std().item())

    for m in model.modules():
        if isinstance(m, (nn.Tanh, nn.ReLU, nn.Sigmoid)):
            m.register_forward_hook(_hook)
    with torch.no_grad():
        model(x)
    return stds
