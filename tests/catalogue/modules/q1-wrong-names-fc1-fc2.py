"""
question: q1
verdict: wrong
expect: "TwoLayerNet has no attribute `hidden`"
about: names the layers fc1 and fc2 (the usual tutorial names) instead of hidden and out
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))
