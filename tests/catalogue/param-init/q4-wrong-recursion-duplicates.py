"""
question: q4
verdict: wrong
expect: "a module registered twice must appear once"
about: hand-written recursion over _modules without a memo, so a Linear registered under two names is listed twice
"""
from torch import nn


def _walk(module, out):
    if isinstance(module, nn.Linear):
        out.append(module)
    for child in module._modules.values():
        if child is not None:
            _walk(child, out)


def find_linear_layers(model):
    out = []
    _walk(model, out)
    return out
