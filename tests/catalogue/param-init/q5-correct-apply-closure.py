"""
question: q5
verdict: correct
about: model.apply with a closure; weight_init(m.weight) and, if the bias exists, bias.fill_ under torch.no_grad()
"""
import torch
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    def _init(m):
        if isinstance(m, nn.Linear):
            weight_init(m.weight)
            if m.bias is not None:
                with torch.no_grad():
                    m.bias.fill_(bias_value)

    model.apply(_init)
    return model
