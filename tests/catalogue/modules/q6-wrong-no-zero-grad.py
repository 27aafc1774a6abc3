"""
question: q6
verdict: wrong
expect: "the gradients add up across epochs"
about: never calls zero_grad, so each backward() adds to the previous gradients
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(x), y.reshape(-1, 1))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
