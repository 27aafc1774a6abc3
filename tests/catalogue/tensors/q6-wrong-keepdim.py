"""
question: q6
verdict: wrong
expect: "drop keepdim=True"
about: "keepdim=True gives shape (m, 1)"
"""


def row_max(x):
    values, indices = x.max(dim=1, keepdim=True)
    return values, indices
