"""
question: q1
verdict: wrong
expect: "keep the input's dtype"
about: computes in float64 for safety and forgets to convert back
"""
import torch


def sigmoid(z):
    z = z.double()
    e = torch.exp(-torch.abs(z))
    return torch.where(z >= 0, 1 / (1 + e), e / (1 + e))
