"""
question: q3
verdict: correct
about: gradients from autograd (allowed outside question 2), updates under torch.no_grad() and zeroed grads
"""
import torch


def fit_linear(x, y, lr, steps):
    w = torch.zeros(x.shape[1], requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    losses = []
    for step in range(steps):
        loss = ((x @ w + b - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
    return w.detach(), b.detach(), losses
