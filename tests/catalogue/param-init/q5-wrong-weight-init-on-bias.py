"""
question: q5
verdict: wrong
expect: "weight_init was called on a tensor that is not an nn.Linear weight"
about: calls weight_init on every parameter of each Linear (bias included) and only then fills the bias
"""
import torch
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    def _init(m):
        if isinstance(m, nn.Linear):
            for param in m.parameters():
                weight_init(param)
            if m.bias is not None:
                with torch.no_grad():
                    m.bias.fill_(bias_value)

    model.apply(_init)
    return model
