"""
question: q6
verdict: wrong
expect: "losses, got"
about: "counts epochs from 1 with range(1, epochs): one epoch too few"
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    return [train_epoch(model, train_loader, optimizer, loss_fn) for _ in range(1, epochs)]
