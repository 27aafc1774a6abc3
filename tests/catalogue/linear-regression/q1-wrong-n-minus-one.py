"""
question: q1
verdict: wrong
expect: "divides by N - 1"
about: divides by N - 1 as for an unbiased variance
"""


def mse(y_pred, y):
    return ((y_pred - y) ** 2).sum() / (len(y) - 1)
