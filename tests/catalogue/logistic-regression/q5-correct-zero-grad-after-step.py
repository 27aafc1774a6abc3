"""
question: q5
verdict: correct
about: fills zeros with fill_ under no_grad and clears the gradients after each step instead of before (the same, since they start empty)
"""
import torch
from torch import nn


def train_logistic(x, y, epochs, lr):
    d = x.size(1)
    model = nn.Linear(d, 1)
    with torch.no_grad():
        model.weight.fill_(0.0)
        model.bias.fill_(0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr)
    loss_fn = nn.BCEWithLogitsLoss()
    target = y.unsqueeze(1)
    for epoch in range(epochs):
        logits = model(x)
        loss = loss_fn(logits, target)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return model
