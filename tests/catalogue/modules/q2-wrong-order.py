"""
question: q2
verdict: wrong
expect: "the right elements in the wrong order"
about: puts the activation after the output layer instead of between the two layers
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out), nn.Tanh())
