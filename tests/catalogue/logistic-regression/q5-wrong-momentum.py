"""
question: q5
verdict: wrong
expect: "differ from the reference"
about: adds momentum=0.9 to SGD, which the question does not ask for
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    model = nn.Linear(x.shape[1], 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss_fn(model(x), y.reshape(-1, 1)).backward()
        optimizer.step()
    return model
