"""
question: q4
verdict: wrong
expect: "put it back in the mode it had"
about: "switches to eval mode and never switches back: later training would run without dropout"
"""
import torch


def accuracy(model, loader):
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(dim=1) == y).sum().item()
            total += len(y)
    return right / total
