"""
question: q3
verdict: wrong
expect: "misses the factor 2"
about: steps with the gradient without its factor 2 (still converges, but not along the path of the asked gradient descent)
"""
import torch


def fit_linear(x, y, lr, steps):
    w, b = torch.zeros(x.shape[1]), torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        r = x @ w + b - y
        losses.append((r ** 2).mean().item())
        w = w - lr * x.T @ r / len(y)
        b = b - lr * r.mean()
    return w, b, losses
