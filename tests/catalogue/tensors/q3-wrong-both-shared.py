"""
question: q3
verdict: wrong
expect: "copied changed when t was changed in place"
about: "calls t.numpy() twice, believing each call makes a new copy"
"""


def numpy_views(t):
    return t.numpy(), t.numpy()
