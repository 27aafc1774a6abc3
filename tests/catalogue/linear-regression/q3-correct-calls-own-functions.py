"""
question: q3
verdict: correct
about: calls the notebook's mse and mse_grad, updates in place
"""
import torch


def fit_linear(x, y, lr, steps):
    w = torch.zeros(x.shape[1])
    b = torch.tensor(0.0)
    losses = []
    for _ in range(steps):
        losses.append(float(mse(x @ w + b, y)))
        dw, db = mse_grad(x, y, w, b)
        w -= lr * dw
        b -= lr * db
    return w, b, losses
