"""Grader-only code of the `param-init` assignment: a check and a failure message the hidden tests
share.

The hidden tests reach it with ``checks.reference()``. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). The reference answers themselves are computed in the hidden tests (q7's computes
its expected stds itself).
"""

from torch import nn

from autograder import checks

# Said when a parameter's dtype changed: the likely cause in this assignment.
FROM_NUMPY_HINT = ("torch.from_numpy 得到的是 float64", "torch.from_numpy gives float64")


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
