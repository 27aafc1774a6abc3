"""
question: q5
verdict: wrong
expect: "set them to 0 before training"
about: keeps nn.Linear's random default initialisation
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    model = nn.Linear(x.shape[1], 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss_fn(model(x), y.reshape(-1, 1)).backward()
        optimizer.step()
    return model
