"""
question: q1
verdict: wrong
expect: "the sign of the exponent is wrong"
about: writes 1 / (1 + exp(z)), which is sigmoid(-z)
"""
import torch


def sigmoid(z):
    return 1 / (1 + torch.exp(z))
