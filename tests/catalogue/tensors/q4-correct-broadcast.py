"""
question: q4
verdict: correct
about: "mean and population std along dim 0 with keepdim, broadcast"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    mean = x.mean(dim=0, keepdim=True)
    std = x.std(dim=0, unbiased=False, keepdim=True)
    return (x - mean) / std
