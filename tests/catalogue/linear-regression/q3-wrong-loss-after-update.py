"""
question: q3
verdict: wrong
expect: "AFTER each update"
about: records the loss after each update, so losses[0] is not the loss at w = 0, b = 0
"""
import torch


def fit_linear(x, y, lr, steps):
    n, d = x.shape
    w, b = torch.zeros(d), torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        w = w - lr * 2 * x.T @ r / n
        b = b - lr * 2 * r.mean()
        losses.append(((x @ w + b - y) ** 2).mean().item())
    return w, b, losses
