"""
question: q6
verdict: wrong
expect: "pass lr to the optimiser"
about: Adam with its default learning rate, whatever lr is (right by luck for lr = 1e-3 only)
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    return [train_epoch(model, train_loader, optimizer, loss_fn) for _ in range(epochs)]
