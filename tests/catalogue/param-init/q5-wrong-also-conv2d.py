"""
question: q5
verdict: wrong
expect: "weight_init was called on a tensor that is not an nn.Linear weight"
about: selects (nn.Linear, nn.Conv2d), so weight_init also runs on Conv2d weights (and Conv2d biases are filled)
"""
import torch
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            weight_init(m.weight)
            if m.bias is not None:
                with torch.no_grad():
                    m.bias.fill_(bias_value)

    model.apply(_init)
    return model
