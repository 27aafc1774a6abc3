"""
question: q5
verdict: correct
about: "permute(0, 2, 3, 1) then contiguous()"
"""


def to_channels_last(x):
    return x.permute(0, 2, 3, 1).contiguous()
