"""
question: q1
verdict: wrong
expect: "half the mean squared error"
about: the 1/2 convention of some textbooks (which simplifies the gradient) where the question asks for the plain mean
"""


def mse(y_pred, y):
    return 0.5 * ((y_pred - y) ** 2).mean()
