"""
question: q6
verdict: correct
about: one Adam, one CrossEntropyLoss, train_epoch called in a list comprehension
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    return [train_epoch(model, train_loader, optimizer, loss_fn) for _ in range(epochs)]
