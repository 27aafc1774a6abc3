"""
question: q4
verdict: wrong
expect: "the forward passes ran in training mode"
about: "forgets model.eval(): dropout still drops units while evaluating"
"""
import torch


def accuracy(model, loader):
    right = total = 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(dim=1) == y).sum().item()
            total += len(y)
    return right / total
