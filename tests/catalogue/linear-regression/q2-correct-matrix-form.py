"""
question: q2
verdict: correct
about: the matrix form 2/N xᵀr and 2·mean(r), with N from len(y)
"""


def mse_grad(x, y, w, b):
    r = x @ w + b - y
    n = len(y)
    return 2 / n * x.T @ r, 2 / n * r.sum()
