"""
question: q6
verdict: wrong
expect: "a new optimiser was made every epoch"
about: builds Adam inside the epoch loop, so its moment estimates restart every epoch
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    losses = []
    for _ in range(epochs):
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        losses.append(train_epoch(model, train_loader, optimizer, nn.CrossEntropyLoss()))
    return losses
