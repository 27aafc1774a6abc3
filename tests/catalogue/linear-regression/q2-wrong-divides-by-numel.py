"""
question: q2
verdict: wrong
expect: "times too small: did you take .mean() of an (N, d) matrix"
about: averages the (N, d) matrix of per-sample gradients over all N·d entries (x.numel()) instead of over the N rows
"""


def mse_grad(x, y, w, b):
    r = x @ w + b - y
    dw = 2 * (x * r[:, None]).sum(dim=0) / x.numel()
    return dw, 2 * r.mean()
