"""
question: q2
verdict: wrong
expect: "which this assignment forbids"
about: torch.autograd.functional.jacobian (forbidden)
"""
import torch


def jacobian(f, x):
    return torch.autograd.functional.jacobian(f, x)
