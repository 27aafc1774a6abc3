"""
question: q1
verdict: wrong
expect: "did not use NumPy's random generator"
about: uses torch's uniform_ (torch RNG) instead of drawing the samples with NumPy
"""
import torch


def numpy_uniform_(weight, low, high):
    with torch.no_grad():
        weight.uniform_(low, high)
    return weight
