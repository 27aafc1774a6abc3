"""
question: q1
verdict: correct
about: evaluates each stable branch only where it applies, through boolean masks
"""
import torch


def sigmoid(z):
    out = torch.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + torch.exp(-z[positive]))
    ez = torch.exp(z[~positive])
    out[~positive] = ez / (1 + ez)
    return out
