"""
question: q4
verdict: wrong
expect: "w.grad is None"
about: "torch.optim.SGD step and zero_grad(): since PyTorch 2.0 zero_grad() sets the grad to None"
"""
import torch


def gd_step_(w, lr):
    optimizer = torch.optim.SGD([w], lr=lr)
    optimizer.step()
    optimizer.zero_grad()
    return w
