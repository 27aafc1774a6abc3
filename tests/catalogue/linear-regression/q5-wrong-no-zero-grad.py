"""
question: q5
verdict: wrong
expect: "the gradients accumulate"
about: never calls optimizer.zero_grad(), so .grad holds the sum of all gradients so far
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        loss = ((features @ w + b - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    final_loss = ((features @ w + b - y) ** 2).mean().item()
    return w.detach(), b.detach(), final_loss
