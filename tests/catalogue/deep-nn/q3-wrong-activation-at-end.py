"""
question: q3
verdict: wrong
expect: "there is an activation after the last Linear"
about: keeps the activation after the output layer (ReLU logits can never be negative)
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), activation()]
    return nn.Sequential(*layers)
