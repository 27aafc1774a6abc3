"""
question: q3
verdict: correct
about: "np.asarray(t) shares (it goes through t.numpy()), np.array(t) copies"
"""
import numpy as np


def numpy_views(t):
    return np.asarray(t), np.array(t)
