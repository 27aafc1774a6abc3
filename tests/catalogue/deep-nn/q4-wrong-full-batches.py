"""
question: q4
verdict: wrong
expect: "you divided by number of batches × batch_size"
about: divides by len(loader) * batch_size, as if the last batch were full
"""
import torch


def accuracy(model, loader):
    was_training = model.training
    model.eval()
    right = 0
    with torch.no_grad():
        for x, y in loader:
            right += (model(x).argmax(dim=1) == y).sum().item()
    model.train(was_training)
    return right / (len(loader) * loader.batch_size)
