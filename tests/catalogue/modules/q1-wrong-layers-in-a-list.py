"""
question: q1
verdict: wrong
expect: "layers in a plain list are not registered"
about: keeps the layers in a plain Python list and exposes hidden and out as properties, so no parameter is registered
"""
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.layers = [nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out)]

    @property
    def hidden(self):
        return self.layers[0]

    @property
    def out(self):
        return self.layers[1]

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))
