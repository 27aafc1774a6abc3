"""
question: q7
verdict: correct
about: one hook built by a _make_hook factory, float(torch.std(output)), torch.inference_mode() instead of no_grad
"""
import torch
import torch.nn as nn


def _make_hook(store):
    def hook(module, inputs, output):
        store.append(float(torch.std(output)))
    return hook


def activation_stds(model, x):
    store = []
    hook = _make_hook(store)
    handles = []
    for _name, module in model.named_modules():
        if isinstance(module, (nn.Tanh, nn.ReLU, nn.Sigmoid)):
            handles.append(module.register_forward_hook(hook))
    try:
        with torch.inference_mode():
            model(x)
    finally:
        while handles:
            handles.pop().remove()
    return list(store)
