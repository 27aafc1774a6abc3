"""
question: q4
verdict: wrong
expect: "only nn.Linear modules"
about: filters with isinstance(m, (nn.Linear, nn.Conv2d)), so Conv2d layers are returned as well
"""
from torch import nn


def find_linear_layers(model):
    return [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
