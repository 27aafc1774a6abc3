"""
question: q2
verdict: wrong
expect: "wrong sign"
about: the residual written as y - y_pred, so both gradients have the opposite sign (they point downhill)
"""


def mse_grad(x, y, w, b):
    r = y - (x @ w + b)
    return 2 * x.T @ r / len(y), 2 * r.mean()
