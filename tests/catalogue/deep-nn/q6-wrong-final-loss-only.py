"""
question: q6
verdict: wrong
expect: "return a list of the per-epoch losses, not float"
about: trains correctly but returns only the last epoch's loss
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        loss = train_epoch(model, train_loader, optimizer, loss_fn)
    return loss
