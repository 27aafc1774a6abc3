"""
question: q4
verdict: wrong
expect: "return a list"
about: returns a generator expression instead of a list
"""
from torch import nn


def find_linear_layers(model):
    return (m for m in model.modules() if isinstance(m, nn.Linear))
