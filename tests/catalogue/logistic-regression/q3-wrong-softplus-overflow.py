"""
question: q3
verdict: wrong
expect: "exp overflowed"
about: 'writes log(1 + exp(z)) - z·y without the max trick: exp(z) = inf for z > 88.7'
"""
import torch


def bce_with_logits(z, y):
    return (torch.log1p(torch.exp(z)) - z * y).mean()
