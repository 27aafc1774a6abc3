"""
question: q3
verdict: correct
about: "t.numpy() for the view, a second t.numpy() copied with .copy()"
"""


def numpy_views(t):
    return t.numpy(), t.numpy().copy()
