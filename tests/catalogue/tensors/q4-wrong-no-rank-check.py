"""
question: q4
verdict: wrong
expect: "expected ValueError for a 1-D input"
about: "never checks the rank (a 1-D or 3-D input is silently standardised along dim 0)"
"""


def standardize_columns(x):
    return (x - x.mean(dim=0)) / x.std(dim=0, unbiased=False)
