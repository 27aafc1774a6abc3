"""
question: q5
verdict: wrong
expect: "sum of squared errors"
about: the loss is the sum of squared errors, so at the mean's learning rate every step is N times too long
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((features @ w + b - y) ** 2).sum()
        loss.backward()
        optimizer.step()
    final_loss = ((features @ w + b - y) ** 2).mean().item()
    return w.detach(), b.detach(), final_loss
