"""
question: q4
verdict: correct
about: counts right answers over all samples; eval + no_grad; restores the mode in a finally block
"""
import torch


def accuracy(model, loader):
    was_training = model.training
    model.eval()
    right = total = 0
    try:
        with torch.no_grad():
            for x, y in loader:
                right += int((model(x).max(dim=1).indices == y).sum())
                total += y.shape[0]
    finally:
        model.train(was_training)
    return right / total
