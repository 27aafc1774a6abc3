"""
question: q4
verdict: wrong
expect: "the model itself is an nn.Linear and must be included"
about: drops the first item of modules() ("it is the model itself"), so a bare nn.Linear model gives []
"""
from torch import nn


def find_linear_layers(model):
    # modules() starts with the model itself; skip it
    submodules = list(model.modules())[1:]
    return [m for m in submodules if isinstance(m, nn.Linear)]
