"""
question: q5
verdict: wrong
expect: "do not hard-code it"
about: always fits a cubic, ignoring the degree argument
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x, x ** 2, x ** 3], dim=1)
    w = torch.zeros(3, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((features @ w + b - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    final_loss = ((features @ w + b - y) ** 2).mean().item()
    return w.detach(), b.detach(), final_loss
