"""
question: q4
verdict: wrong
expect: "this is the average of the per-batch accuracies"
about: "the original notebook's bug: the mean of the per-batch accuracies"
"""
import torch


def accuracy(model, loader):
    was_training = model.training
    model.eval()
    scores = []
    with torch.no_grad():
        for x, y in loader:
            scores.append((model(x).argmax(dim=1) == y).float().mean().item())
    model.train(was_training)
    return sum(scores) / len(scores)
