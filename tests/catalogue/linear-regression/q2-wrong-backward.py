"""
question: q2
verdict: wrong
expect: "it uses autograd"
about: right numbers, but from autograd (loss.backward() on copies that require grad), which this question forbids
"""


def mse_grad(x, y, w, b):
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    return w.grad, b.grad
