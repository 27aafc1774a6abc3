"""
question: q5
verdict: wrong
expect: "weight_init was not called on every nn.Linear weight"
about: iterates model.children(), so Linear layers nested in sub-modules (and a bare Linear model) are skipped
"""
import torch
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    for module in model.children():
        if isinstance(module, nn.Linear):
            weight_init(module.weight)
            if module.bias is not None:
                with torch.no_grad():
                    module.bias.fill_(bias_value)
    return model
