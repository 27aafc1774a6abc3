"""
question: q5
verdict: wrong
expect: "but the MSE of the returned w, b is"
about: returns the loss of the first step (at w = 0, b = 0) as final_loss
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((features @ w + b - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), losses[0]
