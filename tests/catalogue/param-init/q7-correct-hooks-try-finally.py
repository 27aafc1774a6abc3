"""
question: q7
verdict: correct
about: a forward hook on every Tanh/ReLU/Sigmoid appends out.std().item(); handles removed in a finally block
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.detach().std().item())

    handles = [
        m.register_forward_hook(_hook)
        for m in model.modules()
        if isinstance(m, (nn.Tanh, nn.ReLU, nn.Sigmoid))
    ]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return stds
