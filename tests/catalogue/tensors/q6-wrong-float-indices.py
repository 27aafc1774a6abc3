"""
question: q6
verdict: wrong
expect: "they must be torch.int64"
about: "computes the indices as floats (argmax converted with .float() to stack them with the values)"
"""
import torch


def row_max(x):
    both = torch.stack([x.amax(dim=1).float(), x.argmax(dim=1).float()])
    return both[0].to(x.dtype), both[1]
