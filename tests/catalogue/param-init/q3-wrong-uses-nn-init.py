"""
question: q3
verdict: wrong
expect: "uses torch.nn.init, which this question forbids"
about: delegates to torch.nn.init.xavier_uniform_ (right numbers, but the question forbids torch.nn.init)
"""
import torch


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    return torch.nn.init.xavier_uniform_(tensor, gain=gain)
