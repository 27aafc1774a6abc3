"""
question: q6
verdict: correct
about: "returns the named tuple of x.max(dim=1) itself"
"""


def row_max(x):
    return x.max(dim=1)
