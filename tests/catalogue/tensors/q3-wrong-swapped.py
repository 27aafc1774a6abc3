"""
question: q3
verdict: wrong
expect: "shared and copied are swapped"
about: "returns (copied, shared) in the wrong order"
"""


def numpy_views(t):
    shared = t.numpy()
    return shared.copy(), shared
