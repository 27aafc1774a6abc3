"""
question: q5
verdict: wrong
expect: "biases must be filled with bias_value"
about: always zeroes the bias with nn.init.zeros_ instead of filling it with bias_value
"""
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    for module in model.modules():
        if isinstance(module, nn.Linear):
            weight_init(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model
