"""
question: q1
verdict: wrong
expect: "the output went through a sigmoid"
about: returns probabilities (a sigmoid after the output layer) instead of logits
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return torch.sigmoid(self.out(torch.tanh(self.hidden(x))))
