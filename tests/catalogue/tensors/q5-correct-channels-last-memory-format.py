"""
question: q5
verdict: correct
about: "stores x in torch.channels_last memory format, whose NHWC permutation is contiguous"
"""
import torch


def to_channels_last(x):
    return x.contiguous(memory_format=torch.channels_last).permute(0, 2, 3, 1)
