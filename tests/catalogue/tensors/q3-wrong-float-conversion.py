"""
question: q3
verdict: wrong
expect: "t's dtype"
about: "converts with t.float() first: for float32 tensors it is t itself, for float64 or int64 a float32 copy"
"""


def numpy_views(t):
    shared = t.float().numpy()
    return shared, shared.copy()
