"""
question: q6
verdict: correct
about: squeezes the logits to (N,) and flattens y to (N,); zero_grad at the start of each epoch
"""
import torch
from torch import nn


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.BCEWithLogitsLoss()
    labels = y.reshape(-1)
    history = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = criterion(model(x).squeeze(1), labels)
        loss.backward()
        optimizer.step()
        history.append(float(loss))
    return history
