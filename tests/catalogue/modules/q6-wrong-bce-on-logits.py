"""
question: q6
verdict: wrong
expect: "nn.BCELoss expects probabilities but the model outputs logits"
about: uses nn.BCELoss on the logits (BCELoss needs probabilities in [0, 1])
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCELoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(x), y.reshape(-1, 1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
