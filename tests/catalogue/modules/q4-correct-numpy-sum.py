"""
question: q4
verdict: correct
about: NumPy sum of the sizes (returns a NumPy integer, which is accepted)
"""
import numpy as np


def count_parameters(model, trainable_only=False):
    sizes = [p.numel() for p in model.parameters() if p.requires_grad or not trainable_only]
    return np.sum(sizes, dtype=np.int64)
