"""
question: q5
verdict: wrong
expect: "final_loss must be a Python float"
about: returns the last loss as a 0-d tensor instead of a Python float
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((features @ w + b - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), loss.detach()
