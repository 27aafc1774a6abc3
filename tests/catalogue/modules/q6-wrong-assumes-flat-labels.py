"""
question: q6
verdict: wrong
expect: "y may be (N,) or (N, 1)"
about: squeezes the logits to (N,) and uses y as it comes, which fails for labels of shape (N, 1)
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(x).squeeze(1), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
