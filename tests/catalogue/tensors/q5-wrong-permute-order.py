"""
question: q5
verdict: wrong
expect: "the dimensions are in the wrong order"
about: "writes the target order instead of the source positions: permute(0, 3, 1, 2) gives (N, W, C, H)"
"""


def to_channels_last(x):
    return x.permute(0, 3, 1, 2).contiguous()
