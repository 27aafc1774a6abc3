"""
question: q4
verdict: wrong
expect: "it standardises every row (dim=1)"
about: "reduces along dim=1, standardising the rows"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    return (x - x.mean(dim=1, keepdim=True)) / x.std(dim=1, unbiased=False, keepdim=True)
