"""
question: q1
verdict: wrong
expect: "not drawn with torch's global random number generator"
about: "draws from a torch.Generator seeded with a constant, so torch.manual_seed has no effect and every call returns the same numbers"
"""
import torch


def random_float64_array(rows, cols):
    generator = torch.Generator().manual_seed(1234)
    return torch.randn(rows, cols, dtype=torch.float64, generator=generator).numpy()
