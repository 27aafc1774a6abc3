"""
question: q4
verdict: correct
about: hand-written pre-order recursion over children() with a set of seen ids, same order as modules()
"""
from torch import nn


def _walk(module, seen, out):
    if id(module) in seen:
        return
    seen.add(id(module))
    if isinstance(module, nn.Linear):
        out.append(module)
    for child in module.children():
        _walk(child, seen, out)


def find_linear_layers(model):
    out = []
    _walk(model, set(), out)
    return out
