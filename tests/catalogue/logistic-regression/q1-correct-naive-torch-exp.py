"""
question: q1
verdict: correct
about: the textbook 1/(1 + exp(-z)) in torch; exp(1e4) is inf and 1/(1 + inf) = 0, so it stays finite and silent
"""
import torch


def sigmoid(z):
    return 1 / (1 + torch.exp(-z))
