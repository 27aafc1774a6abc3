"""
question: q4
verdict: correct
about: torch.inference_mode (gradients off too), a float tensor count, divided by len(loader.dataset)
"""
import torch


def accuracy(model, loader):
    mode = model.training
    model.eval()
    right = torch.zeros(())
    with torch.inference_mode():
        for x, y in loader:
            right += (model(x).argmax(1) == y).float().sum()
    model.train(mode)
    return float(right) / len(loader.dataset)
