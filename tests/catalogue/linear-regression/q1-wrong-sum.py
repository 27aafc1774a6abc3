"""
question: q1
verdict: wrong
expect: "this is the sum of squared errors"
about: the original course code's confusion, the sum of squared errors instead of their mean
"""


def mse(y_pred, y):
    return ((y_pred - y) ** 2).sum()
