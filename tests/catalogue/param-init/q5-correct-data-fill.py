"""
question: q5
verdict: correct
about: comprehension over named_modules(); bias written through bias.data.fill_
"""
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    linears = [mod for _, mod in model.named_modules() if isinstance(mod, nn.Linear)]
    for lin in linears:
        weight_init(lin.weight)
        if lin.bias is not None:
            lin.bias.data.fill_(bias_value)
    return model
