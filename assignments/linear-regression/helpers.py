"""Public helpers of the `linear-regression` assignment: the data.

Students may import this module (the notebook does, for its examples); the hidden tests call the
same generators with noise levels and true parameters drawn at grading time. Every generator takes
an explicit seed and draws from its own NumPy generator, so the data never depends on the global
random state (the original course notebook drew its data from unseeded `np.random` while seeding
only torch, so its data changed at every run).

Nothing here is an answer to a question.
"""

from __future__ import annotations

import numpy as np
import torch

# Library functions a trick would patch to hide a use of autograd from the tests' watch on
# `torch.autograd.graph` (every backward pass goes through `_engine_run_backward`): the sandbox
# captures them before any cell runs, puts them back before each test call, and flags a
# submission that replaced one.
WATCHED = {
    "torch.Tensor": ["backward"],
    "torch.autograd": ["backward", "grad"],
    "torch.autograd.graph": ["_engine_run_backward"],
}


def make_linear_data(n: int, w_true, b_true: float, noise: float, seed: int,
                     low: float = -1.0, high: float = 1.0):
    """``n`` points of ``y = x @ w_true + b_true + noise · ε`` with ε ~ N(0, 1).

    ``x`` has shape (n, d) with i.i.d. U(low, high) entries, d = len(w_true); ``y`` has shape
    (n,). Both are float32 tensors.
    """
    w_true = np.atleast_1d(np.asarray(w_true, dtype=np.float64))
    generator = np.random.default_rng(seed)
    x = generator.uniform(low, high, size=(n, w_true.size))
    y = x @ w_true + float(b_true) + float(noise) * generator.standard_normal(n)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


def make_cubic_data(n: int, coefficients, noise: float, seed: int):
    """``n`` points of ``y = c0 + c1·x + c2·x² + c3·x³ + noise · ε`` with x ~ U(−1, 1).

    ``coefficients`` is (c0, c1, c2, c3). Returns ``x`` and ``y``, float32 tensors of shape (n,).
    """
    c0, c1, c2, c3 = (float(c) for c in coefficients)
    generator = np.random.default_rng(seed)
    x = generator.uniform(-1.0, 1.0, size=n)
    y = c0 + c1 * x + c2 * x**2 + c3 * x**3 + float(noise) * generator.standard_normal(n)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
