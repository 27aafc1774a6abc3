"""
question: q5
verdict: wrong
expect: "summed loss"
about: uses BCEWithLogitsLoss(reduction="sum"), so every step is n times too large
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    model = nn.Linear(x.shape[1], 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss(reduction="sum")
    for _ in range(epochs):
        optimizer.zero_grad()
        loss_fn(model(x), y.reshape(-1, 1)).backward()
        optimizer.step()
    return model
