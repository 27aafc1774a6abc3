"""
question: q4
verdict: wrong
expect: "did you use children() instead of modules()?"
about: iterates model.children(), which yields only the direct sub-modules, so nested Linear layers are missed
"""
from torch import nn


def find_linear_layers(model):
    return [m for m in model.children() if isinstance(m, nn.Linear)]
