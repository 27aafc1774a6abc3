"""
question: q6
verdict: correct
about: an explicit loop that also prints the progress every few epochs
"""
import torch
from torch import nn


def fit(model, train_loader, epochs, lr):
    criterion = nn.CrossEntropyLoss(reduction="mean")
    opt = torch.optim.Adam(params=list(model.parameters()), lr=lr)
    history = []
    for epoch in range(epochs):
        history.append(train_epoch(model, train_loader, opt, criterion))
        if epoch % 5 == 0:
            print(f"epoch {epoch}: loss {history[-1]:.4f}")
    return history
