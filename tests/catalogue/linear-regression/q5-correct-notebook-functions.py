"""
question: q5
verdict: correct
about: uses the notebook's poly_features and mse, zero_grad / backward / step, final loss under torch.no_grad()
"""
import torch


def fit_polynomial(x, y, degree, lr, steps):
    features = poly_features(x, degree)
    w = torch.zeros(degree, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = mse(features @ w + b, y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        final_loss = mse(features @ w + b, y).item()
    return w.detach(), b.detach(), final_loss
