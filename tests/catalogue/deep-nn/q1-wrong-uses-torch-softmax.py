"""
question: q1
verdict: wrong
expect: "calls torch.softmax, which this question forbids"
about: delegates to torch.softmax (a C function, invisible to a watch of Python code files)
"""
import torch


def stable_softmax(z):
    return torch.softmax(z, dim=1)
