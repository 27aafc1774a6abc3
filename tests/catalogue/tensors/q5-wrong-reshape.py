"""
question: q5
verdict: wrong
expect: "the elements are scrambled"
about: "x.reshape(N, H, W, C): same problem as view, and it also works on non-contiguous inputs"
"""


def to_channels_last(x):
    n, c, h, w = x.shape
    return x.reshape(n, h, w, c)
