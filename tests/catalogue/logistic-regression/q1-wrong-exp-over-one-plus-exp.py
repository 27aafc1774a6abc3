"""
question: q1
verdict: wrong
expect: "gives NaN or inf"
about: writes exp(z) / (1 + exp(z)), which is inf/inf = NaN once z > 88.7 in float32
"""
import torch


def sigmoid(z):
    e = torch.exp(z)
    return e / (1 + e)
