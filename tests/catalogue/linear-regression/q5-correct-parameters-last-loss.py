"""
question: q5
verdict: correct
about: nn.Parameter and F.mse_loss, zero_grad(set_to_none) after the step, and final_loss from the loop's last loss (before the last update; at convergence the same number)
"""
import torch
import torch.nn.functional as F
from torch import nn


def fit_polynomial(x, y, degree, lr, steps):
    powers = torch.arange(1, degree + 1, dtype=x.dtype)
    features = x.unsqueeze(-1).pow(powers)
    w = nn.Parameter(torch.zeros(degree))
    b = nn.Parameter(torch.tensor(0.0))
    optimizer = torch.optim.SGD([w, b], lr=lr, momentum=0.0)
    final_loss = float("nan")
    for _ in range(steps):
        loss = F.mse_loss(features @ w + b, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        final_loss = loss.item()
    return w.data, b.data, final_loss
