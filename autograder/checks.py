"""What hidden tests assert: statistical checks with a stated false-failure probability, plain checks
of identity, dtype and shape, and failure messages in Chinese and English that name likely mistakes.

Every statistical check here fails a correct implementation with probability at most ``ALPHA``
(1e-6), whatever random calls that implementation makes. It refuses samples smaller than
``MIN_SAMPLES`` (a test-design error). From 4,500 values a check catches a uniform bound 5 % off,
a standard deviation 10 % off, and a normal drawn instead of a uniform (or the reverse) with
probability above 99 % (the docstrings of ``uniform`` and ``normal`` give the arithmetic;
``scripts/seed_sweep.py`` measures the graders). A submission's total false-failure probability is
at most the sum over its checks (Bonferroni): k checks, at most k × 1e-6.

Hidden tests import this module only. ``make release`` ships it inside the Gradescope zip with the
channel's modules (``release.SHIPPED_MODULES``), so it must not import the rest of the package.

The same test runs in three places: under Otter (the student's kernel, real objects), in process
(trusted code: the catalogue, the solution; real objects) and in the kit's grader (the student's
globals are proxies to a sandboxed child, ``proxies``). What a test reaches through here works the
same in all three:

* ``helpers()``: the assignment's helper module where the student's code runs (a handle in the
  sandbox), for probes and callbacks handed to student functions and objects built next to the
  student's; ``local_helpers()``: the same module in this process, for reference answers and
  checks (in the sandbox no student code can reach it);
* ``torch_class("torch.optim.Adam")``: a torch class or function, where the student's code runs;
* ``type_name(obj)``, ``is_instance(obj, "torch.nn.Module")``, ``parameters(model)``: for real
  objects and handles alike;
* ``call(fn, *args, cpu_seconds=2.0, **kwargs)``: a call with a CPU-time budget.
"""

from __future__ import annotations

import importlib
import math
import os
import time
import zlib
from dataclasses import dataclass

import numpy as np
import torch
from scipy import stats
from torch import nn

from .proxies import CpuBudgetExceeded, RemoteObject
from .watch import CallWatch, seed_everything  # noqa: F401 (re-export)
from .wire import ChannelError

ALPHA = 1e-6
MIN_SAMPLES = 2000
# Relative distance within which an observed bound or standard deviation "matches" a known mistake.
# The catalogue's mistakes are >= 10 % apart from the truth; estimates at n >= 2000 are within ~2 %.
DIAGNOSIS_TOLERANCE = 0.04


class CheckFailed(AssertionError):
    """A hidden test's verdict: the message is shown to the student (Chinese, then English)."""


def fail(zh: str, en: str):
    raise CheckFailed(f"{zh}\n{en}")


# -- seeds -----------------------------------------------------------------------------------------

# The course's seed (AUTOGRADER_SEED); every submission's grading seed is derived from it. Under
# Otter the environment gives the grading seed itself. _base_seed is the seed of the grading now
# running: set_base_seed changes it, never the configured one, so no grading depends on the last.
CONFIGURED_SEED = int(os.environ.get("AUTOGRADER_SEED", "20261126"))
_base_seed = CONFIGURED_SEED


def base_seed() -> int:
    return _base_seed


def set_base_seed(seed: int) -> None:
    """Choose the grading seed: tests derive every input and every seed they set from it."""
    global _base_seed
    _base_seed = int(seed)


def rng(test_name: str) -> np.random.Generator:
    """A generator for one test's inputs, fixed by the grading seed and the test's name."""
    return np.random.default_rng([_base_seed % 2**32, zlib.crc32(test_name.encode())])


def reseed(generator: np.random.Generator) -> int:
    """Seed torch, NumPy and ``random`` (here and in the submission's process) from ``generator``."""
    seed = int(generator.integers(2**31))
    seed_everything(seed)
    return seed


# -- calling the student's function ----------------------------------------------------------------


def require(function, name: str) -> None:
    if not callable(function):
        fail(f"找不到函数 `{name}`：请不要改名或删除它。",
             f"function `{name}` is not defined in your notebook: do not rename or delete it.")


def call(function, *args, cpu_seconds: float | None = None, **kwargs):
    """Call a student's function; turn what it raises into a message that says what went wrong.

    With ``cpu_seconds`` the call may use at most that much CPU time (``cpu_seconds`` is this
    function's own keyword, never passed on). In the sandbox the child interrupts the call when
    the budget is spent (``serve``); here and under Otter it cannot be interrupted, and the test
    fails after the call when it used more (this thread's CPU time, with torch on one thread).
    """
    name = getattr(function, "__name__", "your function")
    if isinstance(function, RemoteObject):
        name = function.remote_type[1]
    try:
        if cpu_seconds is None:
            return function(*args, **kwargs)
        if hasattr(type(function), "remote_call"):
            return function.remote_call(args, kwargs, cpu_seconds)
        # One torch thread, as in the sandbox, and this thread's CPU time: process_time() would
        # also count torch's idle worker threads spinning, several times the real work on a busy
        # machine, and fail correct answers under Otter.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            started = time.thread_time()
            result = function(*args, **kwargs)
            used = time.thread_time() - started
        finally:
            torch.set_num_threads(threads)
        if used > cpu_seconds:
            raise CpuBudgetExceeded(cpu_seconds)
        return result
    except CpuBudgetExceeded:
        fail(f"`{name}` 用了超过 {cpu_seconds:g} 秒的 CPU 时间。",
             f"`{name}` used more than {cpu_seconds:g} s of CPU time.")
    except (CheckFailed, ChannelError):
        raise
    except NotImplementedError:
        fail(f"`{name}` 还没有实现（抛出了 NotImplementedError）。",
             f"`{name}` is not implemented yet (it raises NotImplementedError).")
    except Exception as error:
        type_name = getattr(error, "remote_type", type(error).__name__)
        text = str(error)[:300]
        if "leaf Variable" in text or "leaf variable" in text:
            fail(f"`{name}` 抛出了 {type_name}：{text}\n对需要梯度的参数做原地修改时，"
                 "请放在 torch.no_grad() 里。",
                 f"`{name}` raised {type_name}: {text}\n"
                 "wrap in-place changes in torch.no_grad() when the parameter requires grad.")
        fail(f"`{name}` 抛出了 {type_name}：{text}", f"`{name}` raised {type_name}: {text}")


def expect_raises(error_type: type, function, *args, zh: str, en: str, **kwargs) -> None:
    """The student's function must raise ``error_type`` for these arguments."""
    try:
        function(*args, **kwargs)
    except error_type:
        return
    except ChannelError:
        raise
    except Exception as error:
        got = getattr(error, "remote_type", type(error).__name__)
        fail(f"{zh}（实际抛出了 {got}）", f"{en} (it raised {got})")
    fail(f"{zh}（没有抛出异常）", f"{en} (nothing was raised)")


def forbid_calls(*modules: str) -> CallWatch:
    """``with forbid_calls("torch.nn.init") as watch:`` records calls into those modules; a
    package (``"torch.optim"``) stands for every module in it. Compute reference answers outside
    the block: in process, the block watches the test's own calls too."""
    return CallWatch(list(modules))


# -- where the student's code runs -----------------------------------------------------------------

_OTTER = object()
_local_helpers = _OTTER  # set by the kit's grader; under Otter, ``import helpers``
_reference = _OTTER  # set by the kit's grader; under Otter, ``import reference``
_session = None  # the sandbox's channel, while the kit's grader runs tests against a child


def use_helpers(module=None, session=None, reference=None) -> None:
    """Set by the grader before running tests: this process's copy of the helper module (None:
    the assignment has none), in the sandbox the session whose child runs the student's code
    (None: the student's code runs here), and the grader-only reference module (None: none)."""
    global _local_helpers, _session, _reference
    _local_helpers, _session, _reference = module, session, reference


def reference():
    """The assignment's grader-only module (``reference.py``: reference answers and the checks
    built on them) in this process. The kit never loads it where student code runs; under Otter
    it sits beside the notebook in the grading environment, which students do not hold."""
    if _reference is _OTTER:
        return importlib.import_module("reference")
    if _reference is None:
        raise ModuleNotFoundError("this assignment has no reference.py")
    return _reference


def local_helpers():
    """The assignment's helper module in this process: for reference answers and checks."""
    if _local_helpers is _OTTER:
        return importlib.import_module("helpers")  # beside the notebook and the tests
    if _local_helpers is None:
        raise ModuleNotFoundError("this assignment has no helpers.py")
    return _local_helpers


def helpers():
    """The assignment's helper module where the student's code runs: in the sandbox a handle
    whose attributes are handles (calling one runs it in the child; passing one to a student
    function passes the child's own), elsewhere the module itself."""
    return _session.helpers() if _session is not None else local_helpers()


def torch_class(path: str):
    """A torch class or function by path (``"torch.optim.Adam"``), where the student's code runs:
    calling it in the sandbox builds the object in the child and gives a handle to it."""
    if _session is not None:
        return _session.torch_object(path)
    module, _, name = path.rpartition(".")
    if not (module == "torch" or module.startswith("torch.")):
        raise ValueError(f"{path} is not part of torch")
    return getattr(importlib.import_module(module), name)


def type_name(obj) -> str:
    """The name of an object's class ("TwoLayerNet", "Adam"), for a handle too."""
    if isinstance(obj, RemoteObject):
        return obj.remote_type[1].rpartition(".")[2]
    return type(obj).__qualname__.rpartition(".")[2]


def is_instance(obj, class_name: str) -> bool:
    """Whether ``obj``'s class is ``class_name`` or derives from it, by qualified name
    (``"torch.nn.Module"``, ``"torch.optim.Optimizer"``) or, for a notebook's class, by its bare
    name (``"TwoLayerNet"``); for a handle, from the class names the child reported."""
    if isinstance(obj, RemoteObject):
        names = list(obj.remote_mro)
    else:
        names = [f"{c.__module__}.{c.__qualname__}" for c in type(obj).__mro__]
    wanted = {class_name, _canonical_name(class_name)}
    if "." not in class_name:
        return any(n.rpartition(".")[2] == class_name for n in names)
    return any(n in wanted for n in names)


def _canonical_name(class_name: str) -> str:
    """``torch.nn.Module`` is defined as ``torch.nn.modules.module.Module``."""
    module, _, name = class_name.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return class_name
    return f"{cls.__module__}.{cls.__qualname__}" if isinstance(cls, type) else class_name


def parameters(model) -> list:
    """``list(model.parameters())``, for a module or a handle to one (tensors by value)."""
    return list(model.parameters())


# -- tensors ---------------------------------------------------------------------------------------


@dataclass
class TensorFacts:
    """What a tensor looked like before the student's function got it."""

    shape: tuple
    dtype: torch.dtype
    requires_grad: bool
    parameter: bool
    values: torch.Tensor

    @classmethod
    def of(cls, tensor: torch.Tensor) -> "TensorFacts":
        return cls(tuple(tensor.shape), tensor.dtype, tensor.requires_grad,
                   isinstance(tensor, nn.Parameter), tensor.detach().clone())


def same_tensor_kept(returned, tensor: torch.Tensor, before: TensorFacts, name: str,
                     dtype_hint: tuple[str, str] | None = None) -> None:
    """The function filled ``tensor`` in place, kept its attributes and returned it.

    ``dtype_hint`` (Chinese, English) names the likely cause of a changed dtype.
    """
    if returned is not tensor:
        fail(f"`{name}` 返回了另一个对象：请原地填充传入的张量并返回它本身。",
             f"`{name}` returned a different object: fill the tensor in place and return it.")
    if before.parameter and not isinstance(tensor, nn.Parameter):
        fail("参数已经不是 nn.Parameter 了。", "the parameter is no longer an nn.Parameter.")
    if tuple(tensor.shape) != before.shape:
        fail(f"形状改变了：{before.shape} → {tuple(tensor.shape)}。",
             f"shape changed: {before.shape} -> {tuple(tensor.shape)}.")
    if tensor.dtype != before.dtype:
        zh_hint, en_hint = (f"（{dtype_hint[0]}）", f" ({dtype_hint[1]})") if dtype_hint else ("", "")
        fail(f"dtype 从 {before.dtype} 变成了 {tensor.dtype}：请保持参数原来的 dtype{zh_hint}。",
             f"dtype changed from {before.dtype} to {tensor.dtype}: keep the parameter's "
             f"dtype{en_hint}.")
    if tensor.requires_grad != before.requires_grad:
        fail(f"requires_grad 从 {before.requires_grad} 变成了 {tensor.requires_grad}。",
             f"requires_grad changed from {before.requires_grad} to {tensor.requires_grad}.")
    if torch.equal(tensor.detach(), before.values):
        fail("张量的值没有改变。", "the tensor's values did not change.")


def values(tensor) -> np.ndarray:
    """The values of a tensor or array, flattened, as float64 for the statistics."""
    if isinstance(tensor, torch.Tensor):
        tensor = tensor.detach().to(torch.float64).numpy()
    return np.asarray(tensor, dtype=np.float64).ravel()


# -- statistical checks ----------------------------------------------------------------------------


@dataclass
class Mistake:
    """A known wrong answer: the parameters it produces, and what to tell the student."""

    zh: str
    en: str
    low: float = math.nan   # for a uniform
    high: float = math.nan
    mean: float = math.nan  # for a normal
    std: float = math.nan


def _close(observed: float, expected: float) -> bool:
    return abs(observed - expected) <= DIAGNOSIS_TOLERANCE * max(abs(expected), 1e-12)


def _excess_kurtosis(x: np.ndarray) -> float:
    return float(stats.kurtosis(x, fisher=True, bias=True))


def _uniform_diagnosis(x, low, high, mistakes) -> tuple[str, str]:
    lo, hi = float(x.min()), float(x.max())
    width = max(high - low, 1e-12)
    for m in mistakes:
        if not math.isnan(m.low) and abs(lo - m.low) <= DIAGNOSIS_TOLERANCE * max(
                abs(m.high - m.low), 1e-12) and abs(hi - m.high) <= DIAGNOSIS_TOLERANCE * max(
                abs(m.high - m.low), 1e-12):
            return m.zh, m.en
    if _excess_kurtosis(x) > -0.6:
        return ("分布看起来是正态分布，而不是均匀分布。",
                "the distribution looks normal, not uniform.")
    if lo < low - 1e-6 * width or hi > high + 1e-6 * width:
        return "有数值落在区间之外。", "some values are not in [low, high]."
    return "", ""


def uniform(tensor, low: float, high: float, what: str, mistakes=(), alpha: float = ALPHA) -> None:
    """Values must be i.i.d. U(low, high).

    Three parts, false-failure probability at most ``alpha`` in all:
    * support: every value in [low, high] (up to float rounding) — never fails a correct answer;
    * reach: max >= high - 1 % of the width and min <= low + 1 %; a correct answer fails this with
      probability 2 * 0.99^n (3.7e-9 at n = 2000, 3e-20 at the tests' n >= 4500);
    * Kolmogorov–Smirnov against U(low, high) at ``alpha`` minus the reach part's share.
    Power at n >= 2000: a bound 5 % too wide fails the support part with probability
    1 - 1.05^-n (> 1 - 1e-42); 5 % too narrow fails the reach part surely; a normal of the same
    variance fails KS (true distance 0.057; > 99 % from n = 2600, and tests use n >= 4500).
    """
    x = values(tensor)
    n = x.size
    if n < MIN_SAMPLES:
        raise ValueError(f"test design error: {n} samples is fewer than {MIN_SAMPLES}")
    _finite(x, what)
    width = high - low
    tol = 1e-6 * width + 4 * np.finfo(np.float32).eps * max(abs(low), abs(high))
    lo, hi = float(x.min()), float(x.max())
    reach_alpha = 2 * 0.99**n
    bad = (lo < low - tol or hi > high + tol
           or hi < high - 0.01 * width or lo > low + 0.01 * width)
    if not bad:
        d = stats.kstest(x, stats.uniform(loc=low, scale=width).cdf).statistic
        bad = d > stats.kstwo.isf(alpha - reach_alpha, n)
    if bad:
        zh_hint, en_hint = _uniform_diagnosis(x, low, high, mistakes)
        fail(f"期望 {what} 服从 U({low:.4g}, {high:.4g})；观察到 min = {lo:.4g}，max = {hi:.4g}"
             f"（n = {n}）。{zh_hint}",
             f"expected {what} ~ U({low:.4g}, {high:.4g}); observed min = {lo:.4g}, "
             f"max = {hi:.4g} (n = {n}). {en_hint}".rstrip())


def normal(tensor, mean: float, std: float, what: str, mistakes=(), alpha: float = ALPHA) -> None:
    """Values must be i.i.d. N(mean, std²).

    Three parts, each at ``alpha / 3``: a z-test of the mean, a chi-square test of the variance, and
    Kolmogorov–Smirnov against N(mean, std²). Power at n >= 4500 (the tests use 5,500 and more):
    the variance test's acceptance band is about ±11 % of std², so a standard deviation 10 % off
    (variance +21 % or -19 %) fails with probability > 99.9 %; a uniform of the same variance fails
    KS (distance 0.057 > critical 0.040).
    """
    x = values(tensor)
    n = x.size
    if n < MIN_SAMPLES:
        raise ValueError(f"test design error: {n} samples is fewer than {MIN_SAMPLES}")
    _finite(x, what)
    part = alpha / 3
    m, s = float(x.mean()), float(x.std(ddof=1))
    z = stats.norm.isf(part / 2)
    chi = (n - 1) * s**2 / std**2
    reason = None
    if abs(m - mean) > z * std / math.sqrt(n):
        reason = ("均值不对。", "wrong mean.")
    elif not stats.chi2.ppf(part / 2, n - 1) <= chi <= stats.chi2.isf(part / 2, n - 1):
        reason = ("标准差不对。", "wrong standard deviation.")
    elif stats.kstest(x, stats.norm(loc=mean, scale=std).cdf).statistic > stats.kstwo.isf(part, n):
        reason = ("分布的形状不是正态分布。", "the distribution is not normal.")
    if reason is None:
        return
    zh_hint, en_hint = reason
    for mk in mistakes:
        if _close(s, mk.std) and abs(m - mk.mean) <= DIAGNOSIS_TOLERANCE * max(mk.std, 1e-12) * 3:
            zh_hint, en_hint = mk.zh, mk.en
            break
    else:
        if _excess_kurtosis(x) < -0.8:
            zh_hint, en_hint = ("分布看起来是均匀分布，而不是正态分布。",
                                "the distribution looks uniform, not normal.")
    fail(f"期望 {what} 服从 N({mean:.4g}, {std:.4g}²)；观察到均值 {m:.4g}，标准差 {s:.4g}"
         f"（n = {n}）。{zh_hint}",
         f"expected {what} ~ N({mean:.4g}, {std:.4g}²); observed mean {m:.4g}, std {s:.4g} "
         f"(n = {n}). {en_hint}")


def _finite(x: np.ndarray, what: str) -> None:
    if not np.isfinite(x).all():
        fail(f"{what} 含有 NaN 或无穷大。", f"{what} contains NaN or infinity.")


# -- lists -----------------------------------------------------------------------------------------


def same_floats(got, expected: list, what: str, known=(), rtol: float = 1e-4) -> None:
    """``got`` must be a list of Python floats equal to ``expected`` (deterministic values).

    ``known`` holds (values, zh, en) for known wrong answers, to name the mistake.
    """
    if not isinstance(got, (list, tuple)):
        fail(f"应返回 list，实际是 {type_name(got)}。", f"return a list, not {type_name(got)}.")
    kinds = sorted({type_name(v) for v in got if not isinstance(v, float)})
    if kinds:
        fail(f"list 里应是 Python float，实际有 {kinds}（可以用 .item()）。",
             f"return Python floats; the list holds {kinds} (use .item()).")

    def close(a, b):
        return len(a) == len(b) and np.allclose(a, b, rtol=rtol, atol=1e-7)

    if close(got, expected):
        return
    for values_, zh, en in known:
        if close(got, values_):
            fail(zh, en)
    shown = ", ".join(f"{v:.4g}" for v in expected)
    seen = ", ".join(f"{v:.4g}" for v in got[:20])
    if len(got) < len(expected):
        fail(f"{what}：期望 {len(expected)} 个值 [{shown}]，只得到 {len(got)} 个 [{seen}]。",
             f"{what}: missing activations: expected {len(expected)} values [{shown}], "
             f"got {len(got)} [{seen}].")
    fail(f"{what}：期望 [{shown}]，得到 [{seen}]。", f"{what}: expected [{shown}], got [{seen}].")
