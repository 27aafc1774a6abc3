"""
question: q3
verdict: wrong
expect: "the same array object"
about: "returns the same array twice"
"""


def numpy_views(t):
    a = t.numpy()
    return a, a
