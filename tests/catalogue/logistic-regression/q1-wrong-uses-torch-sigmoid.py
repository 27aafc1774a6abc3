"""
question: q1
verdict: wrong
expect: "which this question forbids"
about: calls torch.sigmoid, which the question forbids (right numbers)
"""
import torch


def sigmoid(z):
    return torch.sigmoid(z)
