"""
question: q6
verdict: correct
about: "amax for the values, argmax for the indices"
"""


def row_max(x):
    return x.amax(dim=1), x.argmax(dim=1)
