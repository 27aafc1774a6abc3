"""
question: q1
verdict: correct
about: super().__init__() first, then hidden and out as attributes; forward uses torch.tanh
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))
