"""
question: q6
verdict: wrong
expect: "biases must be zero"
about: initialises the weights but leaves the biases at their default (non-zero) values
"""
import torch
import torch.nn as nn

_SCHEMES = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")


def init_with_torch_(model, scheme, nonlinearity="relu"):
    if scheme not in _SCHEMES:
        raise ValueError("scheme must be one of " + ", ".join(_SCHEMES))
    gain = nn.init.calculate_gain(nonlinearity)

    def _init(module):
        if not isinstance(module, (nn.Linear, nn.Conv2d)):
            return
        if scheme == "xavier_uniform":
            torch.nn.init.xavier_uniform_(module.weight, gain=gain)
        elif scheme == "xavier_normal":
            torch.nn.init.xavier_normal_(module.weight, gain=gain)
        elif scheme == "kaiming_uniform":
            torch.nn.init.kaiming_uniform_(module.weight, mode="fan_in", nonlinearity=nonlinearity)
        else:
            torch.nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity=nonlinearity)

    return model.apply(_init)
