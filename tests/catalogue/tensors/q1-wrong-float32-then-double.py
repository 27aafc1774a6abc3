"""
question: q1
verdict: wrong
expect: "drawn in float32 and converted to float64"
about: "draws float32 samples and converts them with .double(): float64 dtype, float32 precision"
"""
import torch


def random_float64_array(rows, cols):
    return torch.randn(rows, cols).double().numpy()
