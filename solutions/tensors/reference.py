"""Grader-only code of the `tensors` assignment: the checks the hidden tests run.

The hidden tests reach it with ``checks.reference()``. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). ``judge_views`` judges the facts ``helpers.views_share_memory`` reports from where
the student's function ran; ``check_row_max`` checks question 6's result and names the likely
mistake.

``in_submission`` gives the student's function as the submission's process knows it. In the kit's
sandbox the grader holds a stand-in for the function (``proxies.RemoteFunction``), and the channel
does not carry such a stand-in as an argument (it arrives as an opaque value), so the function is
fetched there by its name (``helpers.notebook_function``) and passed as a handle instead.
"""

from __future__ import annotations

import torch

from autograder import checks


def in_submission(function, name: str):
    """``function`` as the submission's process has it: itself where the tests run next to the
    student's code (Otter, in process), a handle to the child's own function in the sandbox."""
    if hasattr(type(function), "remote_call"):  # the sandbox's stand-in for a notebook function
        return checks.helpers().notebook_function(name)
    return function


def judge_views(facts: dict, what: str, dtype: str) -> None:
    """Fail with the likely mistake when ``views_share_memory``'s facts break the question."""
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
