"""
question: q1
verdict: correct
about: the sum of squares divided by numel(), with the difference squared by multiplying it by itself
"""


def mse(y_pred, y):
    diff = y_pred - y
    return (diff * diff).sum() / diff.numel()
