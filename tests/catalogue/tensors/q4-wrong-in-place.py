"""
question: q4
verdict: wrong
expect: "x was modified"
about: "standardises x in place (x -= mean, x /= std) and returns it"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    std = x.std(dim=0, unbiased=False)
    x -= x.mean(dim=0)
    x /= std
    return x
