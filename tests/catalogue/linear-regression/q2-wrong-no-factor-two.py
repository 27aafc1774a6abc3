"""
question: q2
verdict: wrong
expect: "misses the factor 2"
about: forgets the 2 from the derivative of r²
"""


def mse_grad(x, y, w, b):
    r = x @ w + b - y
    return x.T @ r / len(y), r.mean()
