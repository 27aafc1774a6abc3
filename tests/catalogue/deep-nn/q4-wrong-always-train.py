"""
question: q4
verdict: wrong
expect: "restore the mode it had"
about: calls model.train() at the end whatever the mode was before
"""
import torch


def accuracy(model, loader):
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(dim=1) == y).sum().item()
            total += len(y)
    model.train()
    return right / total
