"""
question: q3
verdict: wrong
expect: "times too long"
about: steps with the gradient of the sum of squared errors, N times too long at the grader's lr, so descent diverges
"""
import torch


def fit_linear(x, y, lr, steps):
    w, b = torch.zeros(x.shape[1]), torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        losses.append((r ** 2).mean().item())
        w = w - lr * 2 * x.T @ r
        b = b - lr * 2 * r.sum()
    return w, b, losses
