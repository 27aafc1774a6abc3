"""
question: q5
verdict: wrong
expect: "the elements are scrambled"
about: "the classic mistake: x.contiguous().view(N, H, W, C) relabels the memory instead of reordering dimensions"
"""


def to_channels_last(x):
    n, c, h, w = x.shape
    return x.contiguous().view(n, h, w, c)
