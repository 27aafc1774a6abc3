"""
question: q6
verdict: wrong
expect: "the losses are those of torch.optim.SGD"
about: uses torch.optim.SGD instead of Adam (as the original notebook's text said)
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(x), y.reshape(-1, 1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
