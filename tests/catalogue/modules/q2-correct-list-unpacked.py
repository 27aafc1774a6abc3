"""
question: q2
verdict: correct
about: builds a list of layers and unpacks it into nn.Sequential
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    layers = [nn.Linear(n_in, n_hidden)]
    layers.append(nn.Tanh())
    layers.append(nn.Linear(n_hidden, n_out))
    return nn.Sequential(*layers)
