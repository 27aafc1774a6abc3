"""
question: q1
verdict: correct
about: params[i] -= lr * params[i].grad by index, inside torch.no_grad()
"""
import torch


def sgd_step_(params, lr):
    with torch.no_grad():
        for i in range(len(params)):
            if params[i].grad is None:
                continue
            params[i] -= lr * params[i].grad
