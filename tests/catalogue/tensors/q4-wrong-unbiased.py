"""
question: q4
verdict: wrong
expect: "it uses the sample std"
about: "torch.std's default (unbiased, dividing by m - 1)"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    return (x - x.mean(dim=0)) / x.std(dim=0)
