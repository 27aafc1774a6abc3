"""
question: q6
verdict: correct
about: validates the scheme up front, dispatches through a dict of closures, applies with model.apply
"""
from torch import nn


def init_with_torch_(model, scheme, nonlinearity="relu"):
    def _xavier_uniform(w):
        nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain(nonlinearity))

    def _xavier_normal(w):
        nn.init.xavier_normal_(w, gain=nn.init.calculate_gain(nonlinearity))

    def _kaiming_uniform(w):
        nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity=nonlinearity)

    def _kaiming_normal(w):
        nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity=nonlinearity)

    schemes = {
        "xavier_uniform": _xavier_uniform,
        "xavier_normal": _xavier_normal,
        "kaiming_uniform": _kaiming_uniform,
        "kaiming_normal": _kaiming_normal,
    }
    if scheme not in schemes:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {sorted(schemes)}")
    init_weight = schemes[scheme]

    def _init(m):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            init_weight(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)

    model.apply(_init)
    return model
