"""
question: q2
verdict: correct
about: named elements through an OrderedDict (indexing seq[0], seq[2] still works)
"""
from collections import OrderedDict

from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(OrderedDict([
        ("hidden", nn.Linear(n_in, n_hidden)),
        ("tanh", nn.Tanh()),
        ("out", nn.Linear(n_hidden, n_out)),
    ]))
