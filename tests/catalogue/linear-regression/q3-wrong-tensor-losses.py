"""
question: q3
verdict: wrong
expect: "losses must hold Python floats"
about: appends the 0-d loss tensors instead of Python floats
"""
import torch


def fit_linear(x, y, lr, steps):
    w, b = torch.zeros(x.shape[1]), torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        losses.append((r ** 2).mean())
        w = w - lr * 2 * x.T @ r / len(y)
        b = b - lr * 2 * r.mean()
    return w, b, losses
