"""
question: q1
verdict: wrong
expect: "cannot assign module before Module.__init__() call"
about: forgets super().__init__(), so assigning the first layer fails
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))
