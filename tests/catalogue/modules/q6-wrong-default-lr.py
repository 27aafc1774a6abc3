"""
question: q6
verdict: wrong
expect: "the losses are those of Adam's default learning rate 0.001"
about: creates Adam without lr=lr, so it trains with the default 0.001
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters())
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(x), y.reshape(-1, 1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
