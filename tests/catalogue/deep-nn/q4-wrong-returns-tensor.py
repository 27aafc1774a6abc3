"""
question: q4
verdict: wrong
expect: "return a Python float, not Tensor"
about: returns a 0-d tensor instead of a Python float
"""
import torch


def accuracy(model, loader):
    was_training = model.training
    model.eval()
    right, total = torch.tensor(0.0), 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(dim=1) == y).sum()
            total += len(y)
    model.train(was_training)
    return right / total
