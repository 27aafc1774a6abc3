"""
question: q5
verdict: correct
about: "two transposes (C<->W, then W<->H), then contiguous()"
"""


def to_channels_last(x):
    return x.transpose(1, 3).transpose(1, 2).contiguous()
