"""Grader-only code of the optimizers assignment: the reference update rules and the checks.

The hidden tests reach it with ``checks.reference()``. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). The assignment has no ``helpers.py``: nothing of the grader's runs next to the
student's code, whose update rules are called with tensors the tests own.

Each hidden test draws its own hyper-parameters, then hands a student's update rule to one of:

* ``compare_with_torch``: a few steps on random gradients, compared after every step with the
  ``torch.optim`` class the rule re-implements, parameters and state alike; on a mismatch it names
  the known mistake whose formula fits every mismatched step (``RULES[...].mistakes``).
* ``compare_on_least_squares``: a few steps on a small least-squares problem, along
  ``torch.optim``'s own path, called with the required arguments only (so the defaults count) and
  with the defaults passed explicitly (so a wrong default is told apart from a wrong rule).

Only the student's function runs in the sandbox. The formulas below work on copies and serve the
diagnosis only: the verdict always comes from ``torch.optim``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np
import torch

# The contract's tolerance. Float32 rounding of a handful of operations per step, over at most
# six steps, stays far below 1e-5 relative, so a correct rule passes with a wide margin.
RTOL, ATOL = 1e-5, 1e-6
# A submission "fits" a known mistake when it agrees with that mistake's formula this closely;
# the mistakes differ from the right rule by far more (see the hyper-parameters in the tests).
FIT_RTOL, FIT_ATOL = 1e-4, 1e-5


# -- the update rules, one step on copies, with their known mistakes as flags ---------------------


def sgd(p, g, states, t, lr, sign=-1):
    return p + sign * lr * g, []


def momentum(p, g, states, t, lr, momentum, damp=False, fold=0, nesterov=False, old=False):
    if fold:  # the "classical" form, lr inside the velocity: v ← μ·v ± lr·g; p ← p ∓ v
        v = momentum * states[0] + fold * lr * g
        return p - fold * v, [v]
    v = momentum * states[0] + ((1 - momentum) if damp else 1) * g
    if nesterov:
        return p - lr * (g + momentum * v), [v]
    return p - lr * (states[0] if old else v), [v]


def _denominator(avg, eps, inside, root=True):
    if inside:
        return (avg + eps).sqrt()
    return (avg.sqrt() if root else avg) + eps


def adagrad(p, g, states, t, lr, eps, inside=False, old=False, root=True):
    s = states[0] + g * g
    return p - lr * g / _denominator(states[0] if old else s, eps, inside, root), [s]


def rmsprop(p, g, states, t, lr, alpha, eps, swap=False, inside=False, old=False, root=True):
    a = 1 - alpha if swap else alpha
    v = a * states[0] + (1 - a) * g * g
    return p - lr * g / _denominator(states[0] if old else v, eps, inside, root), [v]


def adadelta(p, g, states, t, lr, rho, eps, no_lr=False, old=False, outside=False,
             lr_in_u=False, g_in_u=False, flip=False):
    v = rho * states[0] + (1 - rho) * g * g
    used = states[0] if old else v
    if outside:
        ratio = (states[1].sqrt() + eps) / (used.sqrt() + eps)
    else:
        ratio = (states[1] + eps).sqrt() / (used + eps).sqrt()
    delta = g / ratio if flip else ratio * g
    step = delta if no_lr else lr * delta
    kept = step if lr_in_u else (g if g_in_u else delta)
    return p - step, [v, rho * states[1] + (1 - rho) * kept * kept]


def adam(p, g, states, t, lr, betas, eps, inside=False, fix=(True, True), shift=0, swap=False):
    b1, b2 = betas[::-1] if swap else betas
    m = b1 * states[0] + (1 - b1) * g
    v = b2 * states[1] + (1 - b2) * g * g
    m_hat = m / (1 - b1 ** (t + shift)) if fix[0] else m
    v_hat = v / (1 - b2 ** (t + shift)) if fix[1] else v
    return p - lr * m_hat / _denominator(v_hat, eps, inside), [m, v]


@dataclass
class Rule:
    optimizer: str           # the torch.optim class it must agree with
    states: list             # that class's state keys, in the order of the function's state lists
    formula: object          # one step on copies: (p, g, states, t, **hyper, **mistake) -> (p, states)
    defaults: dict           # the function's defaults (PyTorch's, or the contract's)
    mistakes: list = field(default_factory=list)  # (flags for formula, Chinese, English)
    takes_step: bool = False  # the function also takes the step count t
    # A parameter whose .grad is None at some steps only: torch.optim.Adam counts steps per
    # parameter, while adam_step_ takes one count for all, so Adam's tests leave this out.
    gaps: bool = True


def _ignored(name, shown, value):
    return ({name: value}, f"结果与 {shown} 一致：你是否忽略了参数 {name}？",
            f"the result matches {shown}: did you ignore the argument {name}?")


RULES = {
    "sgd": Rule("SGD", [], sgd, {}, [
        (dict(sign=1), "参数沿着梯度方向移动了（梯度上升）：应为 p ← p − lr·g。",
         "the parameters moved along the gradient (ascent): it is p ← p − lr·g."),
        (dict(lr=1.0), "步长与 lr = 1 一致：你是否忘了乘 lr？",
         "the step is the one for lr = 1: did you forget to multiply by lr?"),
    ]),
    "momentum": Rule("SGD", ["momentum_buffer"], momentum, {"momentum": 0.9}, [
        (dict(damp=True), "速度是 v ← μ·v + (1−μ)·g（带阻尼）：PyTorch 的默认做法（dampening 0）"
         "是 v ← μ·v + g。",
         "the velocity is v ← μ·v + (1−μ)·g (dampened): PyTorch's default (dampening 0) is "
         "v ← μ·v + g."),
        (dict(fold=1), "速度里含有 lr（v ← μ·v + lr·g，p ← p − v）：参数的轨迹相同，但 PyTorch "
         "保存的是 v ← μ·v + g，只在更新参数时才乘 lr。",
         "the velocity includes lr (v ← μ·v + lr·g, p ← p − v): the path is the same, but "
         "PyTorch stores v ← μ·v + g and multiplies by lr only in the step."),
        (dict(fold=-1), "速度里含有 −lr（v ← μ·v − lr·g，p ← p + v）：参数的轨迹相同，但 PyTorch "
         "保存的是 v ← μ·v + g，只在更新参数时才乘 lr。",
         "the velocity includes −lr (v ← μ·v − lr·g, p ← p + v): the path is the same, but "
         "PyTorch stores v ← μ·v + g and multiplies by lr only in the step."),
        (dict(nesterov=True), "这是 Nesterov 动量（p ← p − lr·(g + μ·v)）：本题要求普通动量 "
         "p ← p − lr·v。",
         "this is Nesterov momentum (p ← p − lr·(g + μ·v)): this question asks for plain "
         "momentum, p ← p − lr·v."),
        (dict(old=True), "更新参数时用了更新之前的速度：先更新 v，再用新的 v 更新 p。",
         "the step uses the velocity from before its update: update v first, then use the "
         "new v."),
        _ignored("momentum", "μ = 0.9", 0.9),
    ]),
    "adagrad": Rule("Adagrad", ["sum"], adagrad, {"lr": 0.01, "eps": 1e-10}, [
        (dict(inside=True), "ε 放在了平方根里面：PyTorch 用 √s + ε。",
         "ε is inside the square root: PyTorch uses √s + ε."),
        (dict(old=True), "更新参数时用了加上 g² 之前的 s：先更新 s，再用新的 s。",
         "the step uses s from before adding g²: update s first, then use the new s."),
        (dict(root=False), "分母没有开平方：应为 √s + ε。",
         "the denominator has no square root: it is √s + ε."),
        _ignored("eps", "ε = 1e-10", 1e-10),
        _ignored("lr", "lr = 0.01", 0.01),
    ]),
    "rmsprop": Rule("RMSprop", ["square_avg"], rmsprop,
                    {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}, [
        (dict(swap=True), "α 和 1−α 用反了：应为 v ← α·v + (1−α)·g²。",
         "α and 1 − α are swapped: it is v ← α·v + (1−α)·g²."),
        (dict(inside=True), "ε 放在了平方根里面：PyTorch 用 √v + ε。",
         "ε is inside the square root: PyTorch uses √v + ε."),
        (dict(old=True), "更新参数时用了更新之前的 v：先更新 v，再用新的 v。",
         "the step uses v from before its update: update v first, then use the new v."),
        (dict(root=False), "分母没有开平方：应为 √v + ε。",
         "the denominator has no square root: it is √v + ε."),
        _ignored("alpha", "α = 0.99", 0.99),
        _ignored("eps", "ε = 1e-8", 1e-8),
    ]),
    "adadelta": Rule("Adadelta", ["square_avg", "acc_delta"], adadelta,
                     {"lr": 1.0, "rho": 0.9, "eps": 1e-6}, [
        (dict(no_lr=True), "参数更新时没有乘 lr：PyTorch 的 Adadelta 用 p ← p − lr·Δ"
         "（lr 默认为 1.0）。",
         "the step ignores lr: PyTorch's Adadelta uses p ← p − lr·Δ (lr is 1.0 by default)."),
        (dict(old=True), "计算 Δ 时用了更新之前的 v（顺序错了）：先更新 v，再用新的 v 计算 Δ，"
         "然后更新 u。",
         "Δ uses v from before its update (wrong order): update v first, compute Δ with the "
         "new v, then update u."),
        (dict(outside=True), "ε 放在了平方根外面：Adadelta 用 √(u+ε) / √(v+ε)。",
         "ε is outside the square roots: Adadelta uses √(u+ε) / √(v+ε)."),
        (dict(lr_in_u=True), "u 累积的是 (lr·Δ)²：PyTorch 累积的是乘 lr 之前的 Δ²。",
         "u accumulates (lr·Δ)²: PyTorch accumulates Δ², before multiplying by lr."),
        (dict(g_in_u=True), "u 累积的是 g²：应为 u ← ρ·u + (1−ρ)·Δ²。",
         "u accumulates g²: it is u ← ρ·u + (1−ρ)·Δ²."),
        (dict(flip=True), "比值写反了：应为 Δ = √(u+ε) / √(v+ε) · g。",
         "the ratio is upside down: it is Δ = √(u+ε) / √(v+ε) · g."),
        _ignored("rho", "ρ = 0.9", 0.9),
        _ignored("eps", "ε = 1e-6", 1e-6),
    ]),
    "adam": Rule("Adam", ["exp_avg", "exp_avg_sq"], adam,
                 {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}, [
        (dict(inside=True), "ε 放在了平方根里面（原课程笔记就是这样写的）：PyTorch 用 √v̂ + ε。",
         "ε is inside the square root (as in the original course notebook): PyTorch uses "
         "√v̂ + ε."),
        (dict(fix=(False, False)), "没有做偏差修正：应为 m̂ = m/(1−β₁ᵗ)，v̂ = v/(1−β₂ᵗ)。",
         "there is no bias correction: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)."),
        (dict(fix=(True, False)), "只修正了 m，没有修正 v：v̂ = v/(1−β₂ᵗ)。",
         "only m is bias-corrected: v̂ = v/(1−β₂ᵗ) too."),
        (dict(fix=(False, True)), "只修正了 v，没有修正 m：m̂ = m/(1−β₁ᵗ)。",
         "only v is bias-corrected: m̂ = m/(1−β₁ᵗ) too."),
        (dict(shift=1), "偏差修正用了 t+1：参数 step 已经从 1 开始计数，直接用 t = step。",
         "the bias correction uses t+1: the argument step already counts from 1, use t = step."),
        (dict(shift=-1), "偏差修正用了 t−1：第一步时 1−β⁰ = 0，结果变成 nan。直接用 t = step。",
         "the bias correction uses t−1: at the first step 1−β⁰ = 0 and the result is nan. "
         "Use t = step."),
        (dict(swap=True), "β₁ 和 β₂ 用反了：m 用 β₁，v 用 β₂。",
         "β₁ and β₂ are swapped: m uses β₁ and v uses β₂."),
        _ignored("betas", "betas = (0.9, 0.999)", (0.9, 0.999)),
        _ignored("eps", "ε = 1e-8", 1e-8),
    ], takes_step=True, gaps=False),
}


# -- the comparison with torch.optim --------------------------------------------------------------


def _tensor(g, shape, scale=1.0):
    return torch.from_numpy((scale * g.standard_normal(shape)).astype(np.float32))


class _Run:
    """The caller's side of one rule: parameters, state lists, and the student's function."""

    def __init__(self, function, rule, starts, checks):
        self.function, self.rule, self.checks = function, rule, checks
        self.params = [s.clone().requires_grad_() for s in starts]
        self.states = [[torch.zeros_like(s) for s in starts] for _ in rule.states]
        self.held = [list(s) for s in self.states]  # the caller's own state tensors

    def step(self, t, grads, hyper, watch_optim=False):
        """Set the gradients and call the student's function; check what needs no reference."""
        checks = self.checks
        for p, grad in zip(self.params, grads):
            p.grad = None if grad is None else grad.clone()
        args = [self.params, *self.states] + ([t] if self.rule.takes_step else [])
        watch = checks.forbid_calls("torch.optim") if watch_optim else contextlib.nullcontext()
        with watch:
            try:
                result = checks.call(self.function, *args, **hyper)
            except checks.CheckFailed as failure:
                if "NoneType" not in str(failure) or all(grad is not None for grad in grads):
                    raise
                checks.fail(f"{failure}\n有的参数的 .grad 是 None：请跳过这些参数。",
                            "some parameters have .grad None: skip them.")
        if watch_optim and watch.calls:
            named = sorted({c for c in watch.calls if c.isidentifier() and c[0] != "_"})
            called = ", ".join(named[:3] or sorted(set(watch.calls))[:3])
            checks.fail(f"用了 torch.optim（{called}），本题不允许。",
                        f"it uses torch.optim ({called}), which this question forbids.")
        if result is not None:
            checks.fail(f"返回了 {type(result).__name__}：请原地更新参数和状态，返回 None。",
                        f"it returned a {type(result).__name__}: update the parameters and the "
                        "state in place and return None.")
        for i, p in enumerate(self.params):
            if p.dtype != torch.float32 or not p.requires_grad:
                checks.fail(f"参数 {i} 变成了 dtype {p.dtype}、requires_grad={p.requires_grad}："
                            "请保持参数的 dtype 和 requires_grad 不变。",
                            f"parameter {i} now has dtype {p.dtype} and requires_grad="
                            f"{p.requires_grad}: keep both as they were.")
        if any(len(s) != len(own) or any(a is not b for a, b in zip(s, own))
               for s, own in zip(self.states, self.held)):
            checks.fail("状态列表里的张量被换成了新的张量，调用者原来的状态张量没有变：请原地"
                        "更新调用者的状态张量（v.mul_(...)、v.copy_(...)）。",
                        "a state list now holds new tensors, and the caller's own ones did not "
                        "change: update the caller's state tensors in place (v.mul_(...), "
                        "v.copy_(...)).")

    def values(self):
        return [p.detach().clone() for p in self.params], [[s.clone() for s in own]
                                                            for own in self.held]

    def differences(self, reference, copies):
        """(Chinese, English, largest difference) of every tensor that is off the reference."""
        expected = [[reference.state[c].get(key, torch.zeros_like(c)) for c in copies]
                    for key in self.rule.states]
        pairs = [(f"参数 {i}", f"parameter {i}", p.detach(), c.detach())
                 for i, (p, c) in enumerate(zip(self.params, copies))]
        pairs += [(f"状态 {key}[{i}]", f"state {key}[{i}]", s, e) for key, own, exp
                  in zip(self.rule.states, self.held, expected) for i, (s, e) in
                  enumerate(zip(own, exp))]
        return [(zh, en, float((a - b).abs().max())) for zh, en, a, b in pairs
                if a.shape != b.shape or not torch.allclose(a, b, rtol=RTOL, atol=ATOL)]

    def fits(self, flags, t, grads, before, hyper):
        """Does the last step equal the rule's formula with these mistake flags, everywhere?"""
        params, states = before
        for i, grad in enumerate(grads):
            if grad is None:
                continue
            p, s = self.rule.formula(params[i], grad, [own[i] for own in states], t,
                                     **{**hyper, **flags})
            got = [self.params[i].detach()] + [own[i] for own in self.held]
            if not all(torch.allclose(a, b, rtol=FIT_RTOL, atol=FIT_ATOL, equal_nan=True)
                       for a, b in zip(got, [p] + s)):
                return False
        return True


def compare_with_torch(function, rule_name, hyper, g):
    """A few steps on random gradients, compared with torch.optim after each one.

    Parameter 1 never has a gradient and, where the rule allows it, parameter 2 has none at one
    step in the middle: both must come out untouched, with their state. Fails with a diagnosis.
    """
    from autograder import checks

    rule = RULES[rule_name]
    k = int(g.integers(4, 7))
    no_grad = {1: set(range(1, k + 1))}
    if rule.gaps:
        no_grad[2] = {int(g.integers(2, k + 1))}
    # Parameters 1 and 2 have one shape, so state lists that slip by one index show as a
    # changed state rather than as a crash.
    size = int(g.integers(2, 6))
    shapes = [(int(g.integers(2, 5)), int(g.integers(2, 5))), (size,), (size,)]
    run = _Run(function, rule, [_tensor(g, s) for s in shapes], checks)
    copies = [p.detach().clone().requires_grad_() for p in run.params]
    reference = getattr(torch.optim, rule.optimizer)(copies, **hyper)
    first, candidates = None, rule.mistakes
    moved = {"params": False, **{key: False for key in rule.states}}
    for t in range(1, k + 1):
        scales = g.uniform(0.1, 2.0, size=len(shapes))
        grads = [None if t in no_grad.get(i, ()) else _tensor(g, s, scales[i])
                 for i, s in enumerate(shapes)]
        before = run.values()
        run.step(t, grads, hyper, watch_optim=True)
        for i, grad in enumerate(grads):
            if grad is None and (not torch.equal(run.params[i].detach(), before[0][i]) or any(
                    not torch.equal(own[i], old[i]) for own, old in zip(run.held, before[1]))):
                checks.fail(f"第 {t} 步时参数 {i} 的 .grad 是 None，但它或它的状态改变了："
                            "请跳过这样的参数，并让状态列表按下标与 params 对齐"
                            "（不要先筛选参数再 zip）。",
                            f"at step {t} parameter {i} has .grad None, yet it or its state "
                            "changed: skip such parameters, and keep the state lists aligned "
                            "with params by index (do not filter params before zipping).")
        for c, grad in zip(copies, grads):
            c.grad = None if grad is None else grad.clone()
        reference.step()
        after = run.values()
        moved["params"] |= any(not torch.equal(a, b) for a, b in zip(after[0], before[0]))
        for key, new, old in zip(rule.states, after[1], before[1]):
            moved[key] |= any(not torch.equal(a, b) for a, b in zip(new, old))
        wrong = run.differences(reference, copies)
        if wrong:
            first = first or (t, wrong[0])
            candidates = [m for m in candidates if run.fits(m[0], t, grads, before, hyper)]
    if first is None:
        return
    t, (zh, en, diff) = first
    # A state list element replaced in the sandbox's process leaves the caller's list as it was
    # (only tensors are mirrored back), so there it shows here, as a state that never changed.
    for key in rule.states:
        if not moved[key]:
            checks.fail(f"状态张量 {key} 始终没有变化：请原地更新调用者的状态张量（v.mul_(...)、"
                        "v.copy_(...)），而不是给一个名字或列表元素重新赋值（v = ...、"
                        "states[i] = ...）。",
                        f"the state tensors {key} never changed: update the caller's state "
                        "tensors in place (v.mul_(...), v.copy_(...)), not by rebinding a name "
                        "or a list element (v = ..., states[i] = ...).")
    if not moved["params"]:
        checks.fail("参数始终没有变化：请在 torch.no_grad() 里原地更新参数（p.add_(...)、"
                    "p -= ...），不要写 p = p - ...。",
                    "the parameters never changed: update them in place under torch.no_grad() "
                    "(p.add_(...), p -= ...), not p = p - ....")
    name = f"torch.optim.{rule.optimizer}"
    for _, mistake_zh, mistake_en in candidates[:1]:
        checks.fail(f"从第 {t} 步起与 {name} 不一致。{mistake_zh}",
                    f"from step {t} on it differs from {name}. {mistake_en}")
    checks.fail(f"第 {t} 步后{zh}与 {name} 不一致（最大差 {diff:.3g}，容差 rtol {RTOL:g}、"
                f"atol {ATOL:g}）。",
                f"after step {t}, {en} differs from {name} (largest difference {diff:.3g}; "
                f"tolerance rtol {RTOL:g}, atol {ATOL:g}).")


def compare_on_least_squares(function, rule_name, required, g):
    """A few steps on a small least-squares problem, along torch.optim's own path.

    The student's function gets only the ``required`` arguments (so its defaults count) and, in a
    second run, the rule's defaults explicitly too. The loss leaves one parameter unused: its
    .grad stays None.
    """
    from autograder import checks

    rule = RULES[rule_name]
    n, d, k = int(g.integers(20, 40)), int(g.integers(3, 6)), int(g.integers(4, 7))
    x = _tensor(g, (n, d))
    y = x @ _tensor(g, d) + 0.5
    starts = [_tensor(g, size) for size in (d, 1, 3)]  # weight, bias, unused
    ours = [s.clone().requires_grad_() for s in starts]
    reference = getattr(torch.optim, rule.optimizer)(ours, **required, **rule.defaults)
    runs = {"implicit": _Run(function, rule, starts, checks)}
    if rule.defaults:
        runs["explicit"] = _Run(function, rule, starts, checks)
    shown = ", ".join(f"{key}={value!r}" for key, value in {**required, **rule.defaults}.items())
    name = f"torch.optim.{rule.optimizer}"
    for t in range(1, k + 1):
        for p in ours:
            p.grad = None
        ((x @ ours[0] + ours[1] - y) ** 2).mean().backward()
        grads = [None if p.grad is None else p.grad.clone() for p in ours]
        before = runs["implicit"].values()[0]
        for kind, run in runs.items():
            run.step(t, grads, {**required, **(rule.defaults if kind == "explicit" else {})})
        reference.step()
        bad = {kind for kind, run in runs.items() if run.differences(reference, ours)}
        if "explicit" in bad or (bad and not rule.defaults):
            if all(torch.equal(p.detach(), b) for p, b in zip(runs["implicit"].params, before)):
                checks.fail("参数没有变化：请在 torch.no_grad() 里原地更新参数（p.add_(...)、"
                            "p -= ...），不要写 p = p - ...。",
                            "the parameters did not change: update them in place under "
                            "torch.no_grad() (p.add_(...), p -= ...), not p = p - ....")
            checks.fail(f"在一个小的最小二乘问题上，参数为 {shown} 时，第 {t} 步后结果与 {name} "
                        "不一致：问题在更新公式里（另一个测试会尽量指出是哪里）。",
                        f"on a small least-squares problem, with {shown}, the result differs "
                        f"from {name} after step {t}: the update rule itself is wrong (the other "
                        "test names the mistake where it can).")
        if bad:
            checks.fail(f"不传可选参数时，结果与使用同样默认值的 {name} 不一致；显式传入 {shown} "
                        "时却一致：请把这些值设为函数的默认值。",
                        f"called without its optional arguments, it differs from {name} with "
                        f"the same default values, but with {shown} passed explicitly it "
                        "agrees: the default values must be these.")
