"""Public helpers for the param-init hidden tests (staged into the Otter zip and beside the student
notebook by ``make release``).

The tests reach this module through ``autograder.checks``: ``checks.helpers()`` where the
student's code runs (in the kit's sandbox, a handle to this module loaded in the child before any
cell), ``checks.local_helpers()`` in the grading process. So:

* ``RecordingInit`` is a probe handed to the student's ``init_all_linear_``: it is built with
  ``checks.helpers()`` and runs next to the student's code; the test reads ``probe.calls`` back
  (tensors, which are the test's own tensors when they came from the test);
* ``same_modules`` is a check: the tests call it with ``checks.local_helpers()``, where no student
  code can reach it.

This file is public (students get a copy), so it holds no reference answer: those stay in the
hidden tests (q7's computes its expected stds itself).
"""

import torch
from torch import nn

from autograder import checks

# Library functions these tests lean on and a trick would patch: in the sandbox they are captured
# before any cell runs, put back before each hidden-test call, and flagged when replaced.
WATCHED = {
    "torch.nn.init": ["uniform_", "normal_", "xavier_uniform_", "xavier_normal_",
                      "kaiming_uniform_", "kaiming_normal_", "calculate_gain", "zeros_"],
}
# Said when a parameter's dtype changed: the likely cause in this assignment.
FROM_NUMPY_HINT = ("torch.from_numpy 得到的是 float64", "torch.from_numpy gives float64")


class RecordingInit:
    """A ``weight_init`` stand-in: fills each tensor it gets with ``fill`` and records it."""

    def __init__(self, fill: float = 0.25):
        self.fill = float(fill)
        self.calls: list = []

    def __call__(self, tensor):
        with torch.no_grad():
            tensor.fill_(self.fill)
        self.calls.append(tensor)
        return tensor


def same_modules(found, expected: list, direct: list) -> None:
    """``found`` must be exactly the modules ``expected``, in order, each once.

    ``direct`` is what a loop over ``model.children()`` would have found, to name that mistake.
    """
    if not isinstance(found, (list, tuple)):
        kind = checks.type_name(found)
        checks.fail(f"应返回 list，实际是 {kind}。", f"return a list, not {kind}.")
    if any(not isinstance(m, nn.Linear) for m in found):
        kinds = sorted({checks.type_name(m) for m in found if not isinstance(m, nn.Linear)})
        checks.fail(f"结果里有不是 nn.Linear 的对象：{kinds}。",
                    f"the result must contain only nn.Linear modules; it also has {kinds}.")
    got, want = [id(m) for m in found], [id(m) for m in expected]
    if got == want:
        return
    if len(set(got)) < len(got):
        checks.fail("同一个模块出现了不止一次：注册了两次的模块只能出现一次。",
                    "the same module appears more than once: a module registered twice must "
                    "appear once.")
    if got == [id(m) for m in direct] and len(direct) < len(expected):
        checks.fail(f"只找到了 {len(got)} 个（共 {len(want)} 个），都是直接子模块：你是否用了 "
                    "children() 而不是 modules()？",
                    f"found {len(got)} of {len(want)}, all direct children: did you use "
                    "children() instead of modules()?")
    if sorted(got) == sorted(want):
        checks.fail("模块对了，但顺序与 model.modules() 不同。",
                    "the right modules in the wrong order: use the order of model.modules().")
    right = len(set(got) & set(want))
    checks.fail(f"期望 {len(want)} 个 nn.Linear，找到 {len(got)} 个，其中 {right} 个正确。",
                f"expected {len(want)} nn.Linear modules, found {len(got)}, of which {right} "
                "are right.")
