"""
question: q2
verdict: correct
about: nn.Sequential of the three modules, written out
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Tanh(), nn.Linear(n_hidden, n_out))
