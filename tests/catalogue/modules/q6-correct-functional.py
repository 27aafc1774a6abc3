"""
question: q6
verdict: correct
about: F.binary_cross_entropy_with_logits with y.view_as(logits); model.zero_grad()
"""
import torch
import torch.nn.functional as F


def train_classifier(model, x, y, epochs, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        logits = model(x)
        loss = F.binary_cross_entropy_with_logits(logits, y.view_as(logits))
        model.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
