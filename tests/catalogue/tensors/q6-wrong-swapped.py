"""
question: q6
verdict: wrong
expect: "values and indices are swapped"
about: "returns (indices, values)"
"""


def row_max(x):
    values, indices = x.max(dim=1)
    return indices, values
