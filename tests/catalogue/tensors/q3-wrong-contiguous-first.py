"""
question: q3
verdict: wrong
expect: "for a transposed (not contiguous) float32 tensor"
about: "calls t.contiguous() before .numpy(): for a non-contiguous tensor that is a copy"
"""


def numpy_views(t):
    shared = t.contiguous().numpy()
    return shared, shared.copy()
