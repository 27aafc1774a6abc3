"""
question: q4
verdict: wrong
expect: "it uses the mean and std of all elements"
about: "uses the mean and std of the whole tensor instead of per column"
"""


def standardize_columns(x):
    if x.dim() != 2:
        raise ValueError("x must be 2-D")
    return (x - x.mean()) / x.std(unbiased=False)
