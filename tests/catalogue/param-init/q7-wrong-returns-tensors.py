"""
question: q7
verdict: wrong
expect: "return Python floats"
about: appends output.std() (0-d tensors) without .item()/float(), so the list holds tensors
"""
import torch
from torch import nn


def activation_stds(model, x):
    stds = []

    def _hook(module, inputs, output):
        stds.append(output.std())

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
