"""
question: q3
verdict: wrong
expect: "losses[0] must be the MSE at w = 0, b = 0"
about: starts from random parameters instead of zeros
"""
import torch


def fit_linear(x, y, lr, steps):
    w, b = torch.randn(x.shape[1]), torch.randn(())
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        losses.append((r ** 2).mean().item())
        w = w - lr * 2 * x.T @ r / len(y)
        b = b - lr * 2 * r.mean()
    return w, b, losses
