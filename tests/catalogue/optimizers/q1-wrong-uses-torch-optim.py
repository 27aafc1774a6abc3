"""
question: q1
verdict: wrong
expect: "it uses torch.optim"
about: delegates to torch.optim.SGD (right numbers, but the question forbids torch.optim)
"""
import torch


def sgd_step_(params, lr):
    torch.optim.SGD(params, lr=lr).step()
