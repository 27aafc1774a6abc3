"""
question: q1
verdict: correct
about: keeps an nn.Tanh() module as a third attribute (it has no parameters) and uses it in forward
"""
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.activation = nn.Tanh()
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        h = self.activation(self.hidden(x))
        return self.out(h)
