"""
question: q4
verdict: wrong
expect: "predicting 1 for every sample"
about: applies the sigmoid and then thresholds at 0, so every sample is predicted positive
"""
import torch


def accuracy_from_logits(z, y):
    p = 1 / (1 + torch.exp(-z))
    return ((p > 0).float() == y).float().mean().item()
