"""
question: q3
verdict: wrong
expect: "the layers must be"
about: "an off-by-one in the loop bound: the output layer is missing"
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 2):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), activation()]
    return nn.Sequential(*layers)
