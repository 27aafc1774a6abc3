"""
question: q5
verdict: wrong
expect: "the dimensions are in the wrong order"
about: "transpose(1, 3) swaps C and W, giving (N, W, H, C)"
"""


def to_channels_last(x):
    return x.transpose(1, 3).contiguous()
