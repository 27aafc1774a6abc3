"""
question: q1
verdict: correct
about: uses the identity sigmoid(z) = (1 + tanh(z / 2)) / 2, which never overflows
"""
import torch


def sigmoid(z):
    return 0.5 * (1 + torch.tanh(z / 2))
