"""
question: q5
verdict: wrong
expect: "one step too few"
about: counts epochs from 1 with range(1, epochs), so it trains one step too few
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
    for epoch in range(1, epochs):
        optimizer.zero_grad()
        loss_fn(model(x), y.reshape(-1, 1)).backward()
        optimizer.step()
    return model
