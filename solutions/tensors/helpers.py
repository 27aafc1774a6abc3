"""Public helpers for the `tensors` hidden tests (staged into the Otter zip and beside the student
notebook by ``make release``). Nothing here is an answer to a question.

Whether two arrays share memory with a tensor is a fact about objects in one process: arrays that
crossed the sandbox's channel are copies, so the question "does `shared` follow a later in-place
change of `t`?" must be asked where the student's function ran. ``views_share_memory`` does that:
the tests call it through ``checks.helpers()`` (in the kit's sandbox it runs in the submission's
process), hand it the student's function, and get back plain facts. For the same reason the
tensors' layout is made and read there: a tensor crosses the channel as contiguous values, so a
transposed argument or a non-contiguous result would not survive the crossing (``with_layout``,
``channels_last_facts``).

``in_submission`` (grader side, through ``checks.local_helpers()``) gives the student's function as
the submission's process knows it. In the kit's sandbox the grader holds a stand-in for the
function (``proxies.RemoteFunction``), and the channel does not carry such a stand-in as an
argument (it arrives as an opaque value), so the function is fetched there by its name and passed
as a handle instead.
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


# -- grader side -----------------------------------------------------------------------------------


def in_submission(function, name: str):
    """``function`` as the submission's process has it: itself where the tests run next to the
    student's code (Otter, in process), a handle to the child's own function in the sandbox."""
    if hasattr(type(function), "remote_call"):  # the sandbox's stand-in for a notebook function
        from autograder import checks

        return checks.helpers().notebook_function(name)
    return function


# -- submission side -------------------------------------------------------------------------------


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


# -- grader side: judging the facts ----------------------------------------------------------------


def judge_views(facts: dict, what: str, dtype: str) -> None:
    """Fail with the likely mistake when ``views_share_memory``'s facts break the question."""
    from autograder import checks

    if facts.get("error"):
        if facts.get("error_type") == "NotImplementedError":
            checks.fail("`numpy_views` 还没有实现（抛出了 NotImplementedError）。",
                        "`numpy_views` is not implemented yet (it raises NotImplementedError).")
        checks.fail(f"输入是 {what}：`numpy_views` 抛出了 {facts['error']}",
                    f"for {what}, `numpy_views` raised {facts['error']}")
    kinds = facts.get("kinds", [])
    if len(kinds) != 2:
        checks.fail(f"应返回两个 ndarray 组成的元组 (shared, copied)，实际返回了 {kinds}。",
                    f"return a tuple (shared, copied) of two ndarrays; it returned {kinds}.")
    if not all(kind.startswith("ndarray") for kind in kinds):
        checks.fail(f"应返回 NumPy ndarray，实际是 {kinds}：张量要用 .numpy() 等转换。",
                    f"return NumPy ndarrays, not {kinds}: convert with .numpy() and the like.")
    if facts["dtypes"] != [dtype, dtype]:
        checks.fail(f"输入是 {what}：(shared, copied) 的 dtype 是 {facts['dtypes']}，应都是 {dtype}"
                    "（与 t 相同；.float() 或 dtype= 会改变它）。",
                    f"for {what}, the dtypes of (shared, copied) are {facts['dtypes']}; both must "
                    f"be {dtype}, t's dtype (.float() or dtype= change it).")
    if not all(facts["values_ok"]):
        names = [n for n, ok in zip(("shared", "copied"), facts["values_ok"]) if not ok]
        checks.fail(f"输入是 {what}：{names} 的值或形状 {facts['shapes']} 与 t 不同。",
                    f"for {what}, {names} do not hold t's values with t's shape (shapes "
                    f"{facts['shapes']}).")
    if not facts["t_kept"]:
        checks.fail("`numpy_views` 修改了 t：不要改变 t。", "`numpy_views` changed t: leave t unchanged.")
    shared, copied = facts["follows"]
    if shared is False and copied is True:
        checks.fail("shared 和 copied 顺序反了：第一个是副本，第二个才与 t 共享内存。",
                    "shared and copied are swapped: the first is a copy and the second shares t's "
                    "memory.")
    if facts["same_object"]:
        checks.fail("shared 和 copied 是同一个数组对象：copied 必须是一份独立的副本（.copy()）。",
                    "shared and copied are the same array object: copied must be a separate copy "
                    "(.copy()).")
    if shared is not True:
        checks.fail(f"输入是 {what}：对 t 做原地修改后，shared 没有跟着变，它是一份副本。"
                    "t.numpy() 与 np.asarray(t) 共享内存；np.array(t)、torch.tensor、clone() 和"
                    "（对不连续的张量）contiguous() 都会复制。",
                    f"for {what}, shared did not change when t was changed in place: it is a "
                    "copy. t.numpy() and np.asarray(t) share memory; np.array(t), torch.tensor, "
                    "clone() and (for a non-contiguous tensor) contiguous() copy.")
    if copied is not False:
        checks.fail(f"输入是 {what}：对 t 做原地修改后，copied 也跟着变了：它与 t 共享内存，"
                    "请用 .copy() 复制一份。",
                    f"for {what}, copied changed when t was changed in place: it shares t's "
                    "memory; make a real copy with .copy().")


def check_row_max(result, x: torch.Tensor, what: str) -> None:
    """``result`` must be (values, indices) of every row's maximum of ``x``."""
    from autograder import checks

    m, n = x.shape
    if isinstance(result, torch.Tensor) or not isinstance(result, (tuple, list)) \
            or len(result) != 2:
        checks.fail(f"应返回元组 (values, indices)，实际是 {checks.type_name(result)}。",
                    f"return a tuple (values, indices), not {checks.type_name(result)}.")
    values, indices = result
    if not (isinstance(values, torch.Tensor) and isinstance(indices, torch.Tensor)):
        kinds = [checks.type_name(values), checks.type_name(indices)]
        checks.fail(f"values 和 indices 都应是 torch 张量，实际是 {kinds}。",
                    f"values and indices must both be torch tensors, not {kinds}.")
    if x.is_floating_point() and values.dtype == torch.int64 and indices.dtype == x.dtype:
        checks.fail("values 和 indices 顺序反了：应返回 (values, indices)。",
                    "values and indices are swapped: return (values, indices).")
    for name, tensor in (("values", values), ("indices", indices)):
        shape = tuple(tensor.shape)
        if shape == (m, 1):
            checks.fail(f"{name} 的形状是 {shape}：去掉 keepdim=True，应为 {(m,)}。",
                        f"{name} has shape {shape}: drop keepdim=True; expected {(m,)}.")
        if shape == (n,):
            checks.fail(f"{name} 的形状是 {shape}：这是每一列的最大值（dim=0），应沿每一行求（dim=1）。",
                        f"{name} has shape {shape}: that is the maximum of every column (dim=0); "
                        "take it within every row (dim=1).")
        if shape != (m,):
            checks.fail(f"{name} 的形状应为 {(m,)}，实际为 {shape}。",
                        f"{name} must have shape {(m,)}, got {shape}.")
    if indices.dtype != torch.int64:
        checks.fail(f"indices 的 dtype 是 {indices.dtype}，应为 torch.int64。",
                    f"indices have dtype {indices.dtype}; they must be torch.int64.")
    if values.dtype != x.dtype:
        checks.fail(f"输入是 {x.dtype}，values 却是 {values.dtype}：请保持 x 的 dtype。",
                    f"the input is {x.dtype} but values are {values.dtype}: keep x's dtype.")
    expected = x.amax(dim=1)
    if not torch.equal(values, expected):
        if torch.equal(values, x.amin(dim=1)):
            checks.fail("values 是每一行的最小值，不是最大值。",
                        "values are every row's minimum, not its maximum.")
        negative = (expected < 0) & (values == 0)
        if bool(negative.any()):
            checks.fail(f"{what}：全为负数的行得到了最大值 0：你是否把最大值的初值设成了 0？",
                        f"{what}: a row of negative numbers got maximum 0: did you start the "
                        "running maximum at 0?")
        wrong = int((values != expected).sum())
        checks.fail(f"{what}：{m} 行中有 {wrong} 行的最大值不对。",
                    f"{what}: the maximum is wrong in {wrong} of {m} rows.")
    if bool(((indices < 0) | (indices >= n)).any()):
        checks.fail(f"indices 应在 0 到 {n - 1} 之间。", f"indices must lie in 0 to {n - 1}.")
    if not torch.equal(x.gather(1, indices.unsqueeze(1)).squeeze(1), values):
        checks.fail(f"{what}：有的 x[i, indices[i]] 不等于 values[i]：下标没有指向最大值所在的列。",
                    f"{what}: x[i, indices[i]] differs from values[i] in some rows: the indices do "
                    "not point at the maximum's column.")
