"""
question: q6
verdict: wrong
expect: "each loss is the one after the update"
about: records the loss recomputed after optimizer.step() instead of the epoch's forward-pass loss
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    target = y.reshape(-1, 1)
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss_fn(model(x), target).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(model(x), target).item())
    return losses
