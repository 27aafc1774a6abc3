"""
question: q5
verdict: wrong
expect: "raised"
about: no check for bias=None, so nn.Linear(..., bias=False) raises AttributeError on m.bias.fill_
"""
import torch
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    def _init(m):
        if isinstance(m, nn.Linear):
            weight_init(m.weight)
            with torch.no_grad():
                m.bias.fill_(bias_value)

    model.apply(_init)
    return model
