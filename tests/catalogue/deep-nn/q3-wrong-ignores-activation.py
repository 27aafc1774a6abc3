"""
question: q3
verdict: wrong
expect: "but ReLU was used"
about: always puts nn.ReLU() between the layers, whatever activation is passed
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
