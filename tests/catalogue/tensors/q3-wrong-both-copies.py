"""
question: q3
verdict: wrong
expect: "shared did not change when t was changed in place"
about: "np.array(t) for the shared one: np.array copies by default"
"""
import numpy as np


def numpy_views(t):
    return np.array(t), t.numpy().copy()
