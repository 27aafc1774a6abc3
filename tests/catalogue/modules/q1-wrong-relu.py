"""
question: q1
verdict: wrong
expect: "it looks like ReLU"
about: uses relu as the hidden activation instead of tanh
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))
