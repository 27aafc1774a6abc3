"""
question: q3
verdict: wrong
expect: "takes logits, so put no softmax after the last Linear"
about: ends the network with nn.Softmax, then CrossEntropyLoss applies a softmax a second time
"""
from torch import nn


def make_mlp(sizes, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(activation())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    layers.append(nn.Softmax(dim=1))
    return nn.Sequential(*layers)
