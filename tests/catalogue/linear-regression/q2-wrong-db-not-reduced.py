"""
question: q2
verdict: wrong
expect: "db must have shape ()"
about: returns the per-sample terms 2 r_i / N for db instead of their sum
"""


def mse_grad(x, y, w, b):
    r = x @ w + b - y
    n = len(y)
    return 2 * x.T @ r / n, 2 * r / n
