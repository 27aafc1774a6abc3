"""
question: q5
verdict: wrong
expect: "return the trained nn.Linear"
about: returns (model, losses) instead of the model
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    model = nn.Linear(x.shape[1], 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y.reshape(-1, 1))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model, losses
