"""
question: q5
verdict: correct
about: loops over model.modules() and sets the bias with nn.init.constant_
"""
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    for module in model.modules():
        if not isinstance(module, nn.Linear):
            continue
        weight_init(module.weight)
        if module.bias is not None:
            nn.init.constant_(module.bias, bias_value)
    return model
