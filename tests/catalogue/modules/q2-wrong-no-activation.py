"""
question: q2
verdict: wrong
expect: "the elements must be [Linear, Tanh, Linear]"
about: forgets the activation, so the model is linear
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out))
