"""
question: q1
verdict: wrong
expect: "root mean squared error"
about: takes the square root of the mean squared error (RMSE)
"""
import torch


def mse(y_pred, y):
    return torch.sqrt(((y_pred - y) ** 2).mean())
