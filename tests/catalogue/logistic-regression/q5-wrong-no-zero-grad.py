"""
question: q5
verdict: wrong
expect: "the gradients add up"
about: never calls optimizer.zero_grad(), so the gradients accumulate across steps
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
    for _ in range(epochs):
        loss = loss_fn(model(x), y.reshape(-1, 1))
        loss.backward()
        optimizer.step()
    return model
