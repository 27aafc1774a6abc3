"""
question: q2
verdict: wrong
expect: "gradient of the SUM of squared errors"
about: the gradient of the sum of squared errors (no division by N), the original course's confusion
"""


def mse_grad(x, y, w, b):
    r = x @ w + b - y
    return 2 * x.T @ r, 2 * r.sum()
