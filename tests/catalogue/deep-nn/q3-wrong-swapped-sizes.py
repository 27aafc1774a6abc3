"""
question: q3
verdict: wrong
expect: "the nn.Linear arguments are swapped"
about: nn.Linear(out, in), as if it took the shape of the weight matrix
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(activation())
        layers.append(nn.Linear(sizes[i + 1], sizes[i]))
    return nn.Sequential(*layers)
