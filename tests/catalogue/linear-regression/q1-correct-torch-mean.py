"""
question: q1
verdict: correct
about: torch.mean of the squared differences
"""
import torch


def mse(y_pred, y):
    return torch.mean((y_pred - y) ** 2)
