"""Public helpers of the `logistic-regression` assignment: what the hidden tests run where the
student's code runs. The notebook does not import this module.

``TorchCallWatch`` runs where the student's code runs (``checks.helpers()``: in the kit's sandbox,
a handle to an instance in the child). It records calls of named torch functions and Python
warnings between ``start()`` and ``stop()``. The kit's ``checks.forbid_calls`` watches Python code
by file, so it cannot see ``torch.sigmoid`` or ``Tensor.sigmoid`` (functions written in C); a
``TorchFunctionMode`` sees every torch function and tensor method, whatever it is called under
(``torch.sigmoid``, ``Tensor.sigmoid``, ``F.sigmoid``, ``nn.Sigmoid``).

Nothing here answers a question: which calls each question forbids, the input generators, and the
checks that compare a result with the reference and name the likely mistake are in
``reference.py``, which the grading process alone loads.
"""

import warnings

from torch.overrides import TorchFunctionMode

# Library functions this module leans on in the child and a trick would patch: in the sandbox they
# are captured before any cell runs, put back before each hidden-test call, and flagged when replaced.
WATCHED = {
    "torch.overrides": ["TorchFunctionMode"],
    "warnings": ["catch_warnings", "simplefilter"],
}


class _Recorder(TorchFunctionMode):
    def __init__(self, names, calls):
        super().__init__()
        self.names, self.calls = frozenset(names), calls

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in self.names:
            self.calls.append(name)
        return func(*args, **(kwargs or {}))


class TorchCallWatch:
    """Between ``start()`` and ``stop()``: which of ``names`` were called, and every warning.

    ``stop()`` returns plain data: ``{"calls": [...], "warnings": ["RuntimeWarning: ...", ...]}``.
    Call ``stop()`` in a ``finally``: the watch stays active until then.
    """

    def __init__(self, names):
        self.names = tuple(str(n) for n in names)
        self.calls: list = []
        self._mode = self._warnings = self._log = None

    def start(self) -> None:
        self.calls.clear()
        self._warnings = warnings.catch_warnings(record=True)
        self._log = self._warnings.__enter__()
        warnings.simplefilter("always")
        self._mode = _Recorder(self.names, self.calls)
        self._mode.__enter__()

    def stop(self) -> dict:
        if self._mode is not None:
            self._mode.__exit__(None, None, None)
            self._mode = None
        seen = []
        if self._warnings is not None:
            self._warnings.__exit__(None, None, None)
            seen = [f"{w.category.__name__}: {str(w.message)[:200]}" for w in self._log[:5]]
            self._warnings = self._log = None
        return {"calls": sorted(set(self.calls)), "warnings": seen}
