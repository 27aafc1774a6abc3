"""
question: q6
verdict: wrong
expect: "expected ValueError for an unknown scheme"
about: an unknown scheme falls through the if/elif chain silently (weights untouched, biases zeroed) instead of raising ValueError
"""
import torch.nn as nn


def init_with_torch_(model, scheme, nonlinearity="relu"):
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            if scheme == "xavier_uniform":
                nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain(nonlinearity))
            elif scheme == "xavier_normal":
                nn.init.xavier_normal_(m.weight, gain=nn.init.calculate_gain(nonlinearity))
            elif scheme == "kaiming_uniform":
                nn.init.kaiming_uniform_(m.weight, mode="fan_in", nonlinearity=nonlinearity)
            elif scheme == "kaiming_normal":
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity=nonlinearity)
            if m.bias is not None:
                nn.init.zeros_(m.bias)

    model.apply(_init)
    return model
