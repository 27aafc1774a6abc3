"""
question: q1
verdict: correct
about: torch.nn.functional.mse_loss, whose default reduction is the mean
"""
import torch.nn.functional as F


def mse(y_pred, y):
    return F.mse_loss(y_pred, y)
