"""
question: q1
verdict: wrong
expect: "the output is what no activation gives"
about: forgets the activation, so the two layers collapse into one linear map
"""
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(self.hidden(x))
