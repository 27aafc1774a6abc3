"""
question: q3
verdict: wrong
expect: "return NumPy ndarrays"
about: "returns tensors (t and a clone) instead of NumPy arrays"
"""


def numpy_views(t):
    return t, t.clone()
