"""
question: q6
verdict: wrong
expect: "it looks like SGD"
about: plain SGD at lr 1e-3 learns far too slowly in 10 epochs
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    return [train_epoch(model, train_loader, optimizer, loss_fn) for _ in range(epochs)]
