"""
question: q6
verdict: wrong
expect: "did you pass the gain for the nonlinearity?"
about: xavier_uniform_/xavier_normal_ are called without gain, i.e. gain 1 whatever the nonlinearity
"""
import torch
import torch.nn as nn

_SCHEMES = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")


def init_with_torch_(model, scheme, nonlinearity="relu"):
    if scheme not in _SCHEMES:
        raise ValueError("scheme must be one of " + ", ".join(_SCHEMES))

    def _init(module):
        if not isinstance(module, (nn.Linear, nn.Conv2d)):
            return
        if scheme == "xavier_uniform":
            torch.nn.init.xavier_uniform_(module.weight)
        elif scheme == "xavier_normal":
            torch.nn.init.xavier_normal_(module.weight)
        elif scheme == "kaiming_uniform":
            torch.nn.init.kaiming_uniform_(module.weight, mode="fan_in", nonlinearity=nonlinearity)
        else:
            torch.nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity=nonlinearity)
        if module.bias is not None:
            torch.nn.init.constant_(module.bias, 0.0)

    return model.apply(_init)
