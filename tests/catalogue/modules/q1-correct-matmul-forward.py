"""
question: q1
verdict: correct
about: forward written with the layers' weights and biases (x @ W.T + b) instead of calling the layers
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        h = torch.tanh(x @ self.hidden.weight.T + self.hidden.bias)
        return h @ self.out.weight.T + self.out.bias
