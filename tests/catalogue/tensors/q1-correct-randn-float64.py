"""
question: q1
verdict: correct
about: "torch.randn with dtype=torch.float64, converted with .numpy()"
"""
import torch


def random_float64_array(rows, cols):
    return torch.randn(rows, cols, dtype=torch.float64).numpy()
