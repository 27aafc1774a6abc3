"""
question: q1
verdict: wrong
expect: "`hidden` should be nn.Linear("
about: writes nn.Linear(n_hidden, n_in) for the hidden layer, thinking of the weight's (out, in) shape (forward then fails unless n_in == n_hidden)
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_hidden, n_in)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))
