"""
question: q1
verdict: wrong
expect: "the graph is cut"
about: "computes the value with NumPy and wraps it in torch.tensor: right number, no gradient"
"""
import numpy as np
import torch


def mse(y_pred, y):
    diff = y_pred.detach().numpy() - y.detach().numpy()
    return torch.tensor(np.mean(diff ** 2))
