"""
question: q4
verdict: correct
about: list comprehension over model.modules() filtered with isinstance(m, nn.Linear)
"""
from torch import nn


def find_linear_layers(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)]
