"""
question: q3
verdict: wrong
expect: "b is never updated"
about: computes db but forgets to apply it, so b stays 0
"""
import torch


def fit_linear(x, y, lr, steps):
    w, b = torch.zeros(x.shape[1]), torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        losses.append((r ** 2).mean().item())
        dw, db = 2 * x.T @ r / len(y), 2 * r.mean()
        w = w - lr * dw
    return w, b, losses
