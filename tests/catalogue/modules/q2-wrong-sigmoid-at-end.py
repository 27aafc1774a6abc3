"""
question: q2
verdict: wrong
expect: "the last element is nn.Sigmoid"
about: appends nn.Sigmoid() so the model outputs probabilities, as in many tutorials
"""
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Tanh(), nn.Linear(n_hidden, n_out), nn.Sigmoid())
