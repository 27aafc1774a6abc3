"""Public helpers of the `autograd` assignment: the functions the hidden tests differentiate and a
call-counting wrapper. Everything here must exist where the student's code runs.

The notebook does not import this module. The hidden tests reach it through ``autograder.checks``:

* ``checks.helpers()`` where the student's code runs. In the kit's sandbox that is a handle to this
  module loaded in the submission's process, so ``CallCounter(h.wave)`` is built there, handed to
  the student's function as ``f``, and runs next to the student's code; the test then reads
  ``counter.calls`` and ``counter.inputs`` back (plain values).
* ``checks.local_helpers()`` in the grading process: the same functions, for the reference
  derivatives.

Every function here is smooth where the tests evaluate it (|x| <= 2.5). Nothing here answers a
question: the reference answers, the lists of functions the tests draw from, and the checks that
name known mistakes are in ``reference.py``, which the grading process alone loads.
"""

from __future__ import annotations

import torch

# Library functions these tests lean on and a trick would patch: in the sandbox they are captured
# before any cell runs, put back before each hidden-test call, and flagged when replaced.
WATCHED = {
    "torch": ["sin", "cos", "exp", "tanh", "log1p", "stack", "zeros_like"],
    "torch.autograd": ["grad", "backward"],
    "torch.Tensor": ["backward", "item", "zero_", "clone", "detach", "requires_grad_"],
}


# -- scalar functions of a 0-d tensor (questions 1 and 5) -------------------------------------------


def square(t):
    """The chapter's exercise: t² (f′(2) = 4)."""
    return t ** 2


def wave(t):
    return t * torch.sin(2 * t)


def bump(t):
    return t ** 3 * torch.exp(-t ** 2 / 4)


def soft_cubic(t):
    return torch.log1p(torch.exp(t)) + t ** 3 / 6


def tanh_mix(t):
    return torch.tanh(t) * torch.cos(t) + t ** 2 / 2


def ratio(t):
    return (t ** 2 + 1) / (t ** 2 + 4)


# -- vector functions R^n -> R^m (question 2) ------------------------------------------------------


def chapter_k(x):
    """The chapter's exercise: k = (x0² + 3·x1, 2·x0 + x1²); J(2, 3) = [[4, 3], [2, 6]]."""
    return torch.stack([x[0] ** 2 + 3 * x[1], 2 * x[0] + x[1] ** 2])


def polar(x):
    """R² -> R³: (r cos θ, r sin θ, r²) for x = (r, θ)."""
    r, theta = x[0], x[1]
    return torch.stack([r * torch.cos(theta), r * torch.sin(theta), r ** 2])


def mixer(x):
    """R⁴ -> R³."""
    return torch.stack([x[0] * x[1] + x[3], torch.sin(x[2]) - x[0] ** 2,
                        torch.exp(x[1] / 2) * x[3] + x[2]])


class RandomMap:
    """y = A·tanh(B·x) + c·x0·x_last for sizes n -> m chosen by the test, weights from ``seed``.

    The same (m, n, seed) builds the same map in every process, so the grader's reference and the
    submission's ``f`` are the same function."""

    def __init__(self, m: int, n: int, seed: int):
        generator = torch.Generator().manual_seed(int(seed))
        self.m, self.n = int(m), int(n)
        self.a = torch.randn(self.m, self.n, generator=generator, dtype=torch.float64)
        self.b = torch.randn(self.n, self.n, generator=generator, dtype=torch.float64) / 2
        self.c = torch.randn(self.m, generator=generator, dtype=torch.float64)

    def __call__(self, x):
        a, b, c = (t.to(x.dtype) for t in (self.a, self.b, self.c))
        return a @ torch.tanh(b @ x) + c * x[0] * x[-1]


# -- losses f(w, x) (question 3) -------------------------------------------------------------------


def squared_error(w, x):
    return ((w @ x - 1) ** 2).sum()


def logistic(w, x):
    return torch.log1p(torch.exp(-(w @ x))).sum()


def tanh_energy(w, x):
    return (torch.tanh(w @ x) ** 2).sum() + 0.1 * (w ** 2).sum()


# -- a call-counting wrapper -----------------------------------------------------------------------


class CallCounter:
    """Wraps ``function``; counts its calls and describes each call's first argument.

    ``inputs`` holds one plain dict per call (shape, dtype, requires_grad), so that it can be read
    back across the sandbox's channel."""

    def __init__(self, function):
        self.function = function
        self.calls = 0
        self.inputs: list = []

    def __call__(self, *args):
        self.calls += 1
        first = args[0] if args else None
        if isinstance(first, torch.Tensor):
            self.inputs.append({"shape": list(first.shape), "dtype": str(first.dtype),
                                "requires_grad": bool(first.requires_grad)})
        else:
            self.inputs.append({"shape": None, "dtype": type(first).__name__,
                                "requires_grad": False})
        return self.function(*args)
