"""
question: q4
verdict: wrong
expect: "must return a Python float"
about: returns a 0-dimensional tensor instead of a Python float
"""


def accuracy_from_logits(z, y):
    return ((z > 0).float() == y).float().mean()
