"""
question: q5
verdict: wrong
expect: "call .contiguous() as well"
about: "permute alone: right values, but the result is a non-contiguous view"
"""


def to_channels_last(x):
    return x.permute(0, 2, 3, 1)
