"""
question: q3
verdict: correct
about: appends Linear then activation, and drops the activation after the last Linear
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), activation()]
    return nn.Sequential(*layers[:-1])
