"""
question: q3
verdict: correct
about: an empty nn.Sequential grown with append, an activation before every Linear but the first
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    model = nn.Sequential()
    for i in range(1, len(sizes)):
        if i > 1:
            model.append(activation())
        model.append(nn.Linear(sizes[i - 1], sizes[i]))
    return model
