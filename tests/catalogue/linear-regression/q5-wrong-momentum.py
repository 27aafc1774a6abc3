"""
question: q5
verdict: wrong
expect: "no momentum"
about: torch.optim.SGD with momentum=0.9, which is not the plain gradient descent the question asks for
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = torch.stack([x ** k for k in range(1, degree + 1)], dim=1)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr, momentum=0.9)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((features @ w + b - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        final_loss = ((features @ w + b - y) ** 2).mean().item()
    return w.detach(), b.detach(), final_loss
