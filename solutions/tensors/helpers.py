"""Public helpers of the `tensors` assignment: what the hidden tests run where the student's code
runs. The notebook does not import this module, and nothing here is an answer to a question.

Whether two arrays share memory with a tensor is a fact about objects in one process: arrays that
crossed the sandbox's channel are copies, so the question "does `shared` follow a later in-place
change of `t`?" must be asked where the student's function ran. ``views_share_memory`` does that:
the tests call it through ``checks.helpers()`` (in the kit's sandbox it runs in the submission's
process), hand it the student's function, and get back plain facts. For the same reason the
tensors' layout is made and read there: a tensor crosses the channel as contiguous values, so a
transposed argument or a non-contiguous result would not survive the crossing (``with_layout``,
``channels_last_facts``). ``notebook_function`` hands the grader the child's own copy of a
notebook function (see ``reference.in_submission``).

The checks that judge these facts and the students' results are in ``reference.py``, which the
grading process alone loads.
"""

from __future__ import annotations

import sys

import numpy as np
import torch

# Library functions these tests lean on and a trick would patch: in the sandbox they are captured
# before any cell runs, put back before each hidden-test call, and flagged when replaced.
WATCHED = {
    "torch.Tensor": ["numpy", "add_", "clone", "equal"],
    "numpy": ["shares_memory", "array_equal", "asarray"],
}


def notebook_function(name: str):
    """A global of the notebook this process ran (its cells run in ``__main__``)."""
    return vars(sys.modules["__main__"]).get(name)


def _describe(value) -> str:
    if isinstance(value, torch.Tensor):
        return f"torch.Tensor {value.dtype}"
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype}"
    return type(value).__name__


def with_layout(base: torch.Tensor, layout: str) -> torch.Tensor:
    """A view of ``base`` made here: tensors cross the channel as contiguous values, so a
    non-contiguous argument must be made where the student's function runs.
    ``"transposed"``: the last two dimensions swapped (not contiguous); ``"sliced"``: ``base[1:]``
    (a storage offset); anything else: ``base`` itself."""
    if layout == "transposed":
        return base.transpose(-2, -1)
    if layout == "sliced":
        return base[1:]
    return base


def channels_last_facts(to_channels_last, base: torch.Tensor, layout: str) -> dict:
    """Call ``to_channels_last(x)`` with ``x = with_layout(base, layout)``; report the result and
    what crossing the channel would hide: whether it is contiguous, whether ``x`` was changed."""
    x = with_layout(base, layout)
    before = x.clone()
    facts = {"error": "", "error_type": "", "input_contiguous": x.is_contiguous()}
    try:
        result = to_channels_last(x)
    except Exception as error:  # the student's error, reported as a fact
        facts.update(error=f"{type(error).__name__}: {str(error)[:200]}",
                     error_type=type(error).__name__)
        return facts
    facts["input_kept"] = bool(torch.equal(x, before))
    facts["kind"] = _describe(result)
    if isinstance(result, torch.Tensor):
        facts["result"] = result.detach().clone()
        facts["contiguous"] = bool(result.is_contiguous())
    return facts


def views_share_memory(numpy_views, base: torch.Tensor, layout: str = "as is") -> dict:
    """Call ``numpy_views(t)`` with ``t = with_layout(base, layout)``, then change ``t`` in place,
    and report what followed the change.

    Plain facts only (the test judges them): ``error`` (what the call raised, or ""), ``kinds``
    (what it returned), ``dtypes`` and ``shapes`` of the two arrays, whether their values were
    ``t``'s right after the call (``values_ok``), whether ``t`` was left unchanged by the call
    (``t_kept``), and after ``t += 1`` in place, whether each array shows the new values
    (``follows``: True, False, or None when it shows neither).
    """
    t = with_layout(base, layout)
    before = t.detach().clone()
    try:
        result = numpy_views(t)
    except Exception as error:  # the student's error, reported as a fact
        return {"error": f"{type(error).__name__}: {str(error)[:200]}",
                "error_type": type(error).__name__}
    facts = {"error": "", "error_type": ""}
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        facts["kinds"] = [_describe(result)]
        return facts
    arrays = list(result)
    facts["kinds"] = [_describe(a) for a in arrays]
    if not all(isinstance(a, np.ndarray) for a in arrays):
        return facts
    expected = before.numpy()
    facts["dtypes"] = [str(a.dtype) for a in arrays]
    facts["shapes"] = [list(a.shape) for a in arrays]
    facts["values_ok"] = [a.shape == expected.shape and bool(np.array_equal(a, expected))
                          for a in arrays]
    facts["t_kept"] = bool(torch.equal(t.detach(), before))
    facts["same_object"] = arrays[0] is arrays[1]
    with torch.no_grad():
        t.add_(1)
    changed = (before + 1).numpy()
    facts["follows"] = [True if _equal(a, changed) else False if _equal(a, expected) else None
                        for a in arrays]
    return facts


def _equal(array: np.ndarray, expected: np.ndarray) -> bool:
    return array.shape == expected.shape and bool(np.array_equal(array, expected))
