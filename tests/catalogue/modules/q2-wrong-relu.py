"""
question: q2
verdict: wrong
expect: "the activation is ReLU, not nn.Tanh"
about: uses nn.ReLU() as the activation
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))
