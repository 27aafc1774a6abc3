"""
question: q5
verdict: wrong
expect: "matches Adam"
about: 'the original notebook''s mix-up: uses Adam where the text says SGD'
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    model = nn.Linear(x.shape[1], 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss_fn(model(x), y.reshape(-1, 1)).backward()
        optimizer.step()
    return model
