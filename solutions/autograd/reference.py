"""Grader-only code of the `autograd` assignment: reference answers and the checks built on them.

The hidden tests reach it with ``checks.reference()``. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). It holds the reference derivatives (computed with autograd in float64, outside
any forbidden-call watch, on a tensor the test owns), the names of the ``helpers`` functions the
tests draw from, the forbidden packages and the CPU budget, the tolerances, and the checks that
name known mistakes. The functions being differentiated and the call counter are in
``helpers.py``: they run next to the student's code.
"""

from __future__ import annotations

import math

import torch

import helpers
from autograder import checks

# Banned in every question. ``torch.func`` re-exports functions defined in ``torch._functorch``
# (``torch.func.grad`` lives in torch/_functorch/apis.py), and the call watch goes by code file,
# so that package must be watched too for a call through ``torch.func`` to be seen.
FORBIDDEN = ("torch.autograd.functional", "torch.func", "torch._functorch")

# Every call to a student's function may use at most this much CPU time; a correct answer needs
# milliseconds.
CPU_SECONDS = 2.0

# The functions of ``helpers`` the tests draw from.
SCALAR_FUNCTIONS = ["square", "wave", "bump", "soft_cubic", "tanh_mix", "ratio"]
VECTOR_FUNCTIONS = {"chapter_k": (2, 2), "polar": (2, 3), "mixer": (4, 3)}  # name: (n, m)
LOSSES = ["squared_error", "logistic", "tanh_energy"]


# -- reference answers (grading process only) -------------------------------------------------------


def derivatives(function, x0: float) -> tuple[float, float, float]:
    """f(x0), f′(x0) and f″(x0), in float64."""
    x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
    y = function(x)
    (first,) = torch.autograd.grad(y, x, create_graph=True)
    (second,) = torch.autograd.grad(first, x)
    return float(y), float(first), float(second)


def reference_jacobian(function, x: torch.Tensor) -> torch.Tensor:
    """The m×n Jacobian of ``function`` at ``x``, in float64, one output at a time."""
    x = x.detach().to(torch.float64).requires_grad_(True)
    y = function(x)
    rows = [torch.autograd.grad(y[i], x, retain_graph=True)[0] for i in range(y.numel())]
    return torch.stack(rows)


def reference_grads(loss, w: torch.Tensor, inputs: list) -> list:
    """The gradient of ``loss(w, x)`` with respect to ``w`` for each ``x`` alone, in float64."""
    w = w.detach().to(torch.float64).requires_grad_(True)
    return [torch.autograd.grad(loss(w, x.to(torch.float64)), w)[0] for x in inputs]


# -- checks (grading process only) ------------------------------------------------------------------

# Tolerance for a derivative computed in float32 against the float64 reference: the functions are
# O(1)-conditioned on |x| <= 2.5, so float32 rounding (eps 1.2e-7 per operation, a few dozen
# operations) stays below 1e-5; 1e-4 leaves a margin of 10, while every known mistake is off by
# at least MISTAKE_GAP.
ATOL, RTOL = 1e-4, 1e-4
MISTAKE_GAP = 0.05


def close(got: float, expected: float) -> bool:
    return abs(got - expected) <= ATOL + RTOL * abs(expected)


def forbidden_calls_fail(watch) -> None:
    """Fail if the student's code called into a forbidden package."""
    if watch.calls:
        names = sorted(set(watch.calls))
        public = [n for n in names if not n.startswith(("_", "<"))] or names
        called = ", ".join(public[:6])
        checks.fail(f"调用了 torch.autograd.functional 或 torch.func（{called}），本作业不允许："
                    "请用 backward() 或 torch.autograd.grad 自己计算。",
                    f"it uses torch.autograd.functional or torch.func, which this assignment "
                    f"forbids (called: {called}): compute it yourself with backward() or "
                    "torch.autograd.grad.")


# An error the student's function raised, recognised by a phrase of PyTorch's message: its likely
# cause, (phrase, Chinese, English).
HINTS = [
    ("floating point",
     "x0 可能是 int：torch.tensor(2) 是整数张量，不能求导；请先用 float(x0) 转换。",
     "x0 may be an int: torch.tensor(2) is an integer tensor and cannot require grad; convert "
     "it with float(x0) first."),
    ("second time",
     "计算图在第一次反向传播后被释放了：对同一个输出多次反向传播时，请传入 retain_graph=True。",
     "the graph was freed by the first backward pass: pass retain_graph=True when you run "
     "several backward passes through one output."),
    ("does not require grad",
     "要对一阶导数再求导，求一阶导数时必须传入 create_graph=True（并且 x 要 requires_grad=True）。",
     "to differentiate the first derivative again, compute it with create_graph=True (and x "
     "must have requires_grad=True)."),
]


def run(function, *args):
    """Call the student's function with the forbidden packages watched and a CPU budget; a
    PyTorch error it raises gets its likely cause added."""
    with checks.forbid_calls(*FORBIDDEN) as watch:
        try:
            result = checks.call(function, *args, cpu_seconds=CPU_SECONDS)
        except checks.CheckFailed as error:
            text = str(error)
            for phrase, zh, en in HINTS:
                if phrase in text:
                    zh_text, _, en_text = text.partition("\n")
                    checks.fail(f"{zh_text}\n{zh}", f"{en_text}\n{en}")
            raise
    forbidden_calls_fail(watch)
    return result


def point_away_from_mistakes(g, name: str, question: int):
    """A point x0 in [-2.5, 2.5] where the values of the known mistakes of ``question`` (1: f(x0)
    for f'(x0); 5: f, f′ and f′ + f″ for f″) are far from the answer, and (f, f′, f″) there."""
    for _ in range(200):
        x0 = float(g.uniform(-2.5, 2.5))
        value, first, second = derivatives(getattr(helpers, name), x0)
        answer, mistakes = ((first, [value]) if question == 1
                            else (second, [value, first, first + second]))
        if clear_of_mistakes(answer, mistakes):
            break
    return x0, (value, first, second)


def clear_of_mistakes(expected: float, mistakes: list) -> bool:
    """Whether every known wrong value is far enough from ``expected`` to be told apart."""
    return all(abs(expected - m) > MISTAKE_GAP * (1 + abs(expected)) for m in mistakes)


def called_once_with_grad(counter, name: str) -> None:
    """``f`` (a CallCounter) was called exactly once, with a 0-d float tensor requiring grad."""
    calls, inputs = counter.calls, list(counter.inputs)
    if calls == 0:
        checks.fail(f"`{name}` 没有调用 f。", f"`{name}` never called f.")
    if calls > 1:
        checks.fail(f"`{name}` 调用了 f {calls} 次：请只调用一次 f，用 autograd 求导"
                    "（有限差分要多次调用 f）。",
                    f"`{name}` called f {calls} times: call f once and let autograd "
                    "differentiate (finite differences call f more than once).")
    seen = inputs[0]
    if seen["shape"] != [] or "float" not in seen["dtype"]:
        checks.fail(f"f 应接收一个 0 维浮点张量，实际收到 shape {seen['shape']}、{seen['dtype']}。",
                    f"f takes a 0-d float tensor; it got shape {seen['shape']}, {seen['dtype']}.")
    if not seen["requires_grad"]:
        checks.fail("传给 f 的张量没有 requires_grad=True：autograd 无法对它求导。",
                    "the tensor passed to f does not require grad: autograd cannot differentiate "
                    "with respect to it.")


def used_autograd(counter, name: str) -> None:
    """At least one call of ``f`` (a CallCounter) got a tensor that requires grad."""
    if not any(seen["requires_grad"] for seen in counter.inputs):
        checks.fail(f"`{name}` 从没有用 requires_grad=True 的张量调用 f：请用 autograd 求导，"
                    "不要用有限差分。",
                    f"`{name}` never called f with a tensor that requires grad: differentiate "
                    "with autograd, not with finite differences.")


def plain_float(got, name: str) -> float:
    if isinstance(got, bool) or not isinstance(got, float):
        kind = checks.type_name(got)
        checks.fail(f"`{name}` 应返回 Python float，实际是 {kind}（可以用 .item()）。",
                    f"`{name}` must return a Python float, not {kind} (use .item()).")
    if not math.isfinite(got):
        checks.fail(f"`{name}` 返回了 {got}。", f"`{name}` returned {got}.")
    return got


def check_second_derivative(got: float, where: str, value: float, first: float,
                            second: float) -> None:
    if close(got, second):
        return
    if close(got, first + second) and not close(first, 0.0):
        checks.fail(f"{where}：得到 f' + f'' = {got:.6g}，不是 f'' = {second:.6g}：第二次反向传播把 "
                    "f'' 加到了 x.grad 里已有的 f' 上（梯度会累加）。请用 torch.autograd.grad，"
                    "或者先把 x.grad 清零。",
                    f"{where}: got f' + f'' = {got:.6g}, not f'' = {second:.6g}: the second "
                    "backward pass added f'' to the f' already in x.grad (gradients accumulate). "
                    "Use torch.autograd.grad, or zero x.grad first.")
    if close(got, first):
        checks.fail(f"{where}：返回的是一阶导数 f' = {first:.6g}，不是 f'' = {second:.6g}。",
                    f"{where}: it returned the first derivative f' = {first:.6g}, not "
                    f"f'' = {second:.6g}.")
    if close(got, value):
        checks.fail(f"{where}：返回的是 f(x0) = {value:.6g}，不是 f'' = {second:.6g}。",
                    f"{where}: it returned f(x0) = {value:.6g}, not f'' = {second:.6g}.")
    checks.fail(f"{where}：期望 f''(x0) = {second:.6g}，得到 {got:.6g}。",
                f"{where}: expected f''(x0) = {second:.6g}, got {got:.6g}.")


# Tensors computed in float32 against float64 references: entries are O(1)-O(10) and come from a
# few dozen float32 operations (relative error ~1e-6), so 1e-4 relative to the largest entry leaves
# a margin of about 100; every catalogued mistake is off by O(1).
TENSOR_RTOL = 1e-4


def close_tensors(got: torch.Tensor, expected: torch.Tensor) -> bool:
    scale = 1.0 + float(expected.abs().max()) if expected.numel() else 1.0
    return (tuple(got.shape) == tuple(expected.shape)
            and bool(torch.allclose(got, expected, rtol=TENSOR_RTOL, atol=TENSOR_RTOL * scale)))


def as_float64(got, name: str) -> torch.Tensor:
    if not isinstance(got, torch.Tensor):
        kind = checks.type_name(got)
        checks.fail(f"`{name}` 应返回张量，实际是 {kind}。", f"`{name}` must return a tensor, not {kind}.")
    return got.detach().to(torch.float64)


def shown(tensor: torch.Tensor) -> str:
    """A tensor's values, rounded, for a message."""
    return str(torch.round(tensor.detach().to(torch.float64), decimals=4).tolist())


def check_jacobian(got, expected: torch.Tensor, where: str) -> None:
    """``got`` must be the m×n Jacobian ``expected``; known mistakes are named."""
    got = as_float64(got, "jacobian")
    m, n = expected.shape
    if tuple(got.shape) != (m, n):
        if tuple(got.shape) == (n, m) and close_tensors(got.T, expected):
            checks.fail(f"{where}：形状是 {(n, m)}，应为 {(m, n)}：矩阵被转置了。第 i 行应是第 i 个"
                        "输出的梯度。",
                        f"{where}: the shape is {(n, m)}, not {(m, n)}: the matrix is transposed. "
                        "Row i must be the gradient of output i.")
        if got.numel() == n and close_tensors(got.reshape(n), expected.sum(dim=0)):
            checks.fail(f"{where}：得到的是所有输出之和的梯度（y.backward(torch.ones_like(y)) 算的是 "
                        "vᵀJ），不是雅可比矩阵：请对每个输出分别反向传播。",
                        f"{where}: this is the gradient of the sum of the outputs "
                        "(y.backward(torch.ones_like(y)) computes vᵀJ), not the Jacobian: run one "
                        "backward pass per output.")
        checks.fail(f"{where}：形状应为 {(m, n)}（m 个输出 × n 个输入），得到 {tuple(got.shape)}。",
                    f"{where}: the shape must be {(m, n)} (m outputs × n inputs), got "
                    f"{tuple(got.shape)}.")
    if close_tensors(got, expected):
        return
    if m == n and close_tensors(got.T, expected):
        checks.fail(f"{where}：矩阵被转置了：第 i 行应是第 i 个输出的梯度。",
                    f"{where}: the matrix is transposed: row i must be the gradient of output i.")
    if close_tensors(got, expected.cumsum(dim=0)):
        checks.fail(f"{where}：第 i 行是前 i 行梯度之和：梯度在 x.grad 里累加了。每个输出之前请把 "
                    "x.grad 清零，或者用 torch.autograd.grad。",
                    f"{where}: row i is the sum of the first i gradients: the gradients "
                    "accumulate in x.grad. Zero x.grad before each output, or use "
                    "torch.autograd.grad.")
    if m > 1 and close_tensors(got, got[:1].expand(m, n)) and not close_tensors(
            expected, expected[:1].expand(m, n)):
        checks.fail(f"{where}：每一行都一样：你保存的可能是同一个 x.grad 张量（之后又被修改了）。"
                    "请用 x.grad.clone() 保存每一行。",
                    f"{where}: every row is the same: you probably stored the same x.grad tensor "
                    "each time (and it changed afterwards). Keep each row with x.grad.clone().")
    checks.fail(f"{where}：期望 {shown(expected)}，得到 {shown(got)}。",
                f"{where}: expected {shown(expected)}, got {shown(got)}.")


def check_grads_per_input(function, g, preset: bool) -> None:
    """Question 3 on a random loss, w and inputs; with ``preset``, w.grad is set beforehand."""
    name = str(g.choice(LOSSES))
    n = int(g.integers(2, 6))
    shape = (n,) if g.random() < 0.5 else (int(g.integers(2, 4)), n)
    w = torch.tensor(0.7 * g.normal(size=shape), dtype=torch.float32, requires_grad=True)
    inputs = [torch.tensor(g.normal(size=n), dtype=torch.float32)
              for _ in range(int(g.integers(3, 6)))]
    old_grad = torch.tensor(g.normal(size=shape), dtype=torch.float32) if preset else None
    if preset:
        w.grad = old_grad.clone()
    w_before = w.detach().clone()
    expected = reference_grads(getattr(helpers, name), w, inputs)
    checks.reseed(g)
    got = run(function, getattr(checks.helpers(), name), w, inputs)
    check_gradient_list(got, expected, old_grad, f"f = {name}, w of shape {tuple(shape)}")
    if not preset and w.grad is not None:
        checks.fail("调用前 w.grad 是 None，调用后却有了值：请让 w.grad 保持原样"
                    "（用 torch.autograd.grad，或最后把它设回 None）。",
                    "w.grad was None before the call and is a tensor after it: leave it as you "
                    "found it (use torch.autograd.grad, or set it back to None at the end).")
    if preset and w.grad is None:
        checks.fail("调用前 w.grad 已经有值，调用后变成了 None：请让 w.grad 保持原样。",
                    "w.grad had a value before the call and is None after it: leave it as you "
                    "found it.")
    if preset and not torch.allclose(w.grad.detach(), old_grad):
        checks.fail("调用前 w.grad 已经有值，调用后它的值变了：请让 w.grad 保持原样"
                    "（先保存、最后恢复，或者用 torch.autograd.grad）。",
                    "w.grad had a value before the call and its values changed: leave it as you "
                    "found it (save it and restore it, or use torch.autograd.grad).")
    if not torch.equal(w.detach(), w_before) or not w.requires_grad:
        checks.fail("w 被修改了：只计算梯度，不要改变 w。",
                    "w was changed: compute the gradients and leave w alone.")


def check_gradient_list(got, expected: list, old_grad, where: str) -> None:
    """``got`` must be the list of gradients ``expected``; known mistakes are named."""
    if not isinstance(got, (list, tuple)):
        kind = checks.type_name(got)
        checks.fail(f"应返回 list，实际是 {kind}。", f"return a list, not {kind}.")
    if len(got) != len(expected):
        checks.fail(f"{where}：有 {len(expected)} 个输入，应返回 {len(expected)} 个梯度（每个输入一个），"
                    f"得到 {len(got)} 个。",
                    f"{where}: there are {len(expected)} inputs, so return {len(expected)} "
                    f"gradients (one per input); got {len(got)}.")
    got = [as_float64(item, "grads_per_input") for item in got]
    shape = tuple(expected[0].shape)
    if any(tuple(item.shape) != shape for item in got):
        checks.fail(f"{where}：每个梯度的形状应与 w 相同 {shape}。",
                    f"{where}: every gradient must have the shape of w, {shape}.")
    if all(close_tensors(a, b) for a, b in zip(got, expected)):
        return
    same = all(close_tensors(item, got[0]) for item in got)
    if len(got) > 1 and same and not all(close_tensors(e, expected[0]) for e in expected):
        checks.fail(f"{where}：列表里的梯度都一样：你保存的可能是同一个 w.grad 张量（之后又被修改了）。"
                    "请用 w.grad.clone() 保存每个梯度。",
                    f"{where}: all the gradients in the list are the same: you probably stored the "
                    "same w.grad tensor each time (and it changed afterwards). Keep each gradient "
                    "with w.grad.clone().")
    running = list(torch.stack(expected).cumsum(dim=0))
    offset = old_grad.to(torch.float64) if old_grad is not None else None
    sums = [running] + ([[r + offset for r in running]] if offset is not None else [])
    if any(all(close_tensors(a, b) for a, b in zip(got, s)) for s in sums):
        checks.fail(f"{where}：第 i 个梯度是前 i 个输入的梯度之和：梯度在 w.grad 里累加了。"
                    "每个输入之前请把梯度清零，或者用 torch.autograd.grad。",
                    f"{where}: gradient i is the sum of the gradients of the first i inputs: the "
                    "gradients accumulate in w.grad. Start each input from a zero gradient, or "
                    "use torch.autograd.grad.")
    if offset is not None and close_tensors(got[0], expected[0] + offset):
        checks.fail(f"{where}：第一个梯度里包含了调用前就已经在 w.grad 里的值：backward() 会加到已有的"
                    "梯度上。请用 torch.autograd.grad，或者先保存并清空 w.grad。",
                    f"{where}: the first gradient includes the w.grad that was already there: "
                    "backward() adds to the existing gradient. Use torch.autograd.grad, or save "
                    "w.grad and clear it first.")
    bad = next(i for i, (a, b) in enumerate(zip(got, expected)) if not close_tensors(a, b))
    checks.fail(f"{where}：第 {bad + 1} 个梯度不对：期望 {shown(expected[bad])}，得到 {shown(got[bad])}。",
                f"{where}: gradient {bad + 1} is wrong: expected {shown(expected[bad])}, got "
                f"{shown(got[bad])}.")


def check_gd_step(function, w: torch.Tensor, lr: float) -> None:
    """Question 4: one step on ``w`` (whose .grad is set), checked against w − lr·grad."""
    grad = w.grad
    before, grad_values = w.detach().clone(), grad.detach().clone()
    expected = before - lr * grad_values
    out = run(function, w, lr)
    if out is not w:
        checks.fail("返回的不是 w 本身：请原地更新 w 并返回它（w = w - lr * w.grad 会新建一个张量）。",
                    "it did not return w itself: update w in place and return it "
                    "(w = w - lr * w.grad makes a new tensor).")
    if not (w.is_leaf and w.requires_grad):
        checks.fail("w 不再是需要梯度的叶子张量了：请在 torch.no_grad() 里原地更新。",
                    "w is no longer a leaf that requires grad: update it in place inside "
                    "torch.no_grad().")
    # Exact up to float rounding: w - lr*g in w's dtype, whatever the order of the operations.
    tol = 1e-5 * (1.0 + float(before.abs().max()) + lr * float(grad_values.abs().max()))
    now = w.detach()
    if not torch.allclose(now, expected, rtol=0.0, atol=tol):
        if torch.allclose(now, before, rtol=0.0, atol=tol):
            checks.fail("w 没有改变：请在 torch.no_grad() 里原地执行 w -= lr * w.grad"
                        "（先更新，再把梯度清零）。",
                        "w did not change: do w -= lr * w.grad in place inside torch.no_grad() "
                        "(update first, then zero the gradient).")
        if torch.allclose(now, before + lr * grad_values, rtol=0.0, atol=tol):
            checks.fail("w 沿着梯度方向走了（上坡）：梯度下降是 w - lr * w.grad。",
                        "w moved along the gradient (uphill): gradient descent is "
                        "w - lr * w.grad.")
        checks.fail(f"w 的新值不对：期望 {shown(expected)}，得到 {shown(now)}（lr = {lr:.4g}）。",
                    f"w has wrong new values: expected {shown(expected)}, got {shown(now)} "
                    f"(lr = {lr:.4g}).")
    if w.grad is None:
        checks.fail("w.grad 变成了 None：请用 w.grad.zero_() 原地清零"
                    "（optimizer.zero_grad() 默认会把它设为 None）。",
                    "w.grad is None: zero it in place with w.grad.zero_() "
                    "(optimizer.zero_grad() sets it to None by default).")
    if w.grad is not grad:
        checks.fail("w.grad 被换成了一个新张量：请用 w.grad.zero_() 把原来的梯度张量原地清零。",
                    "w.grad was replaced with a new tensor: zero the existing one in place with "
                    "w.grad.zero_().")
    if not bool((w.grad == 0).all()):
        checks.fail("w.grad 没有被清零：更新之后请调用 w.grad.zero_()。",
                    "w.grad was not zeroed: call w.grad.zero_() after the update.")
