"""
question: q5
verdict: correct
about: "movedim(1, -1), then clone with contiguous_format"
"""
import torch


def to_channels_last(x):
    return x.movedim(1, -1).clone(memory_format=torch.contiguous_format)
