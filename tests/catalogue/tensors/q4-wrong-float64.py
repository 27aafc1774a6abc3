"""
question: q4
verdict: wrong
expect: "keep x's dtype"
about: "computes in float64 (x.double()) for accuracy and returns float64 for every input"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    xd = x.double()
    return (xd - xd.mean(dim=0)) / xd.std(dim=0, unbiased=False)
