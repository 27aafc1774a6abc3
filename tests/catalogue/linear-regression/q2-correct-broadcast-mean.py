"""
question: q2
verdict: correct
about: "broadcasts r over the columns of x and takes the mean over the rows, inside torch.no_grad() (allowed: only autograd's backward and forward passes are forbidden)"
"""
import torch


def mse_grad(x, y, w, b):
    with torch.no_grad():
        r = torch.matmul(x, w) + b - y
        dw = (2 * x * r.unsqueeze(1)).mean(dim=0)
        db = (2 * r).mean()
    return dw, db
