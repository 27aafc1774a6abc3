"""
question: q6
verdict: wrong
expect: "that is the maximum of every column (dim=0)"
about: "uses dim=0 (one maximum per column)"
"""


def row_max(x):
    values, indices = x.max(dim=0)
    return values, indices
