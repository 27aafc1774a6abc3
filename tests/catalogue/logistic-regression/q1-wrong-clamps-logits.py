"""
question: q1
verdict: wrong
expect: "do not clamp z"
about: clamps z to [-10, 10] "to avoid overflow", so large logits get sigmoid(10) instead of about 1
"""
import torch


def sigmoid(z):
    z = torch.clamp(z, -10, 10)
    return 1 / (1 + torch.exp(-z))
