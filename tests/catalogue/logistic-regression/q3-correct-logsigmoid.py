"""
question: q3
verdict: correct
about: uses log sigmoid(z) and log sigmoid(-z) = log(1 - sigmoid(z)) through F.logsigmoid, which is stable
"""
import torch.nn.functional as F


def bce_with_logits(z, y):
    return -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
