"""
question: q7
verdict: wrong
expect: "population standard deviation"
about: uses output.std(unbiased=False), the population std, instead of torch.std's unbiased default
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.std(unbiased=False).item())

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
