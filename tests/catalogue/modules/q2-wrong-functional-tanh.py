"""
question: q2
verdict: wrong
expect: "is not a Module subclass"
about: tries to put the function torch.tanh in the Sequential; nn.Sequential only takes modules and raises TypeError
"""
import torch
from torch import nn


def make_sequential(n_in, n_hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, n_hidden), torch.tanh, nn.Linear(n_hidden, n_out))
