"""Imported once by the sandbox forkserver, before any child is forked from it.

* It pays first-use costs: whatever is loaded and initialised here — torch's first operations,
  matplotlib's fonts and first figure, IPython's shell, Otter's test runner — is free for each
  submission.
* It records the library, builtin and kit functions a trick would patch, so that a child can tell
  afterwards which of them its notebook replaced (``changed``). A notebook that also rewrites this
  module can hide its patches: the flag is a help for reviewers, not a proof.

Nothing here runs student code.
"""

import builtins
import os

os.environ["MPLBACKEND"] = "Agg"

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from torch import nn  # noqa: E402
from traitlets.config import Config  # noqa: E402


def _warm() -> None:
    model = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.ReLU(), nn.Sigmoid())
    with torch.no_grad():
        model(torch.randn(4, 8)).std()
        nn.init.xavier_uniform_(model[0].weight)
        nn.init.kaiming_normal_(model[0].weight)
        torch.empty(4, 4).uniform_(-1, 1).normal_(0, 1)
    torch.from_numpy(np.random.uniform(0, 1, (4, 4))).float()
    # Training: a backward pass, and torch.optim's first step, which imports torch._dynamo
    # (seconds) and so wraps torch.manual_seed: that must happen here, before the originals are
    # captured, or every notebook that trains would look as if it had patched it.
    (model(torch.randn(4, 8)) ** 2).sum().backward()
    for optimiser in (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
                      torch.optim.Adam(model.parameters())):
        optimiser.step()
        optimiser.zero_grad()
    for _ in torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(4, 2)),
                                         batch_size=2, shuffle=True):
        pass
    figure, axes = plt.subplots(1, 2)
    axes[0].hist(np.random.normal(size=100), bins=10, label="x")
    axes[1].semilogy([1, 2, 3], [1, 10, 100], "o-", label="y")
    axes[1].legend()
    figure.canvas.draw()
    plt.close("all")
    config = Config()
    config.HistoryManager.enabled = False  # no history thread or database in a forking server
    InteractiveShell.instance(config=config)


# What a trick would patch: functions hidden tests or their messages may lean on, the kit's own
# channel, and Otter's test runner.
WATCHED = {
    "builtins": ["abs", "isinstance", "issubclass", "len", "sum", "min", "max", "all", "any",
                 "float", "int", "str", "bool", "list", "tuple", "dict", "set", "round", "type",
                 "getattr", "setattr", "hasattr", "id", "repr", "callable", "iter", "next",
                 "sorted", "range", "enumerate", "zip", "print", "open", "__import__"],
    "torch.Tensor": ["std", "mean", "max", "min", "abs", "sum", "equal", "allclose", "__eq__",
                     "dim", "size", "item", "numel", "uniform_", "normal_", "fill_", "copy_",
                     "clone", "detach", "tolist", "numpy", "to", "double", "float", "cpu",
                     "requires_grad_", "register_hook"],
    "torch": ["std", "mean", "max", "min", "equal", "allclose", "isclose", "manual_seed",
              "from_numpy", "tensor", "no_grad", "rand", "randn", "empty", "zeros"],
    "torch.nn.Module": ["modules", "children", "named_modules", "apply", "register_forward_hook",
                        "parameters", "named_parameters", "__call__"],
    "numpy": ["allclose", "isclose", "std", "mean", "array_equal", "abs", "max", "min",
              "ascontiguousarray", "frombuffer", "isfinite", "dtype", "array", "prod"],
    "numpy.random": ["seed", "uniform", "normal", "rand", "randn", "default_rng"],
    # The kit's channel (its parts and the names the thin ``channel`` module re-exports).
    "autograder.channel": ["serve", "Server", "Encoder", "Decoder", "ObjectTable", "dumps",
                           "loads", "apply_seeds", "exception_text"],
    "autograder.wire": ["Encoder", "Decoder", "ObjectTable", "Registry", "CODECS", "dumps",
                        "loads", "array_data", "array_from_data", "tensor_array",
                        "tensor_signature", "set_hook_count", "handle_data", "opaque_data",
                        "plain_value", "module_by_value", "is_torch_class", "module_class",
                        "resolve_torch", "torch_reference", "class_path", "class_names",
                        "loaded_object", "DTYPES", "MODULE_INTERNALS"],
    "autograder.wire.ObjectTable": ["add", "wire_id", "get", "remember", "changed"],
    "autograder.wire.Encoder": ["encode", "identify", "changed"],
    "autograder.wire.Decoder": ["decode", "note"],
    "autograder.wire.Registry": ["for_type", "register"],
    "autograder.serve": ["serve", "Server", "run_within", "_interrupt", "exception_text",
                         "ACTIONS", "CpuBudgetExceeded"],
    "autograder.serve.Server": ["answer", "run", "_encode", "_kept"],
    "autograder.watch": ["apply_seeds", "start_profiler", "stop_profiler", "module_files"],
    "json": ["dumps", "loads"],
    "base64": ["b64encode", "b64decode"],
    "sys": ["setprofile", "getprofile", "exit"],
    "threading": ["setprofile"],
    "autograder.checks": ["uniform", "normal", "call", "fail", "same_tensor_kept", "same_floats",
                          "helpers", "local_helpers", "reference", "type_name", "is_instance"],
    "otter.test_files.exception_test.ExceptionTestFile": ["run"],
    "otter.test_files.exception_test.test_case": ["call_func", "__call__"],
    "otter.test_files.abstract_test.TestFile": ["grade", "score", "all_or_nothing"],
}


def _codec_methods() -> dict:
    """Every registered codec's methods: the wire format is theirs."""
    from autograder import wire

    return {f"{type(c).__module__}.{type(c).__qualname__}": ["encode", "decode", "claims"]
            for c in wire.CODECS.codecs}


def _resolve(path: str):
    import importlib

    parts, obj = path.split("."), None
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attribute in parts[i:]:
            obj = getattr(obj, attribute)
        return obj
    raise ImportError(path)


def _snapshot(watched: dict = WATCHED) -> dict:
    originals = {}
    for owner, names in watched.items():
        try:
            holder = builtins if owner == "builtins" else _resolve(owner)
        except (ImportError, AttributeError):
            continue
        for name in names:
            if hasattr(holder, name):
                originals[f"{owner}.{name}"] = (holder, name, getattr(holder, name))
    return originals


def _same_function(current, original, type=type, hasattr=hasattr, getattr=getattr) -> bool:
    """Bound methods are created anew on each lookup: compare what they are bound to and wrap,
    never calling anything the notebook may have defined (such as an ``__eq__``)."""
    if type(current) is not type(original) or not hasattr(original, "__self__"):
        return False
    return (getattr(current, "__self__", None) is original.__self__
            and getattr(current, "__func__", None) is getattr(original, "__func__", None)
            and getattr(current, "__name__", None) == getattr(original, "__name__", None))


_warm()
# Loaded here so that patching them can be seen (a child never uses them itself).
import otter.test_files  # noqa: E402,F401
import autograder.checks  # noqa: E402,F401

WATCHED.update(_codec_methods())
_ORIGINALS = _snapshot()


def _make_guard(originals=_ORIGINALS, same=_same_function, getattr=getattr, setattr=setattr,
                sorted=sorted, Exception=Exception):
    """``changed`` and ``restore``, with everything they use bound now, before any notebook runs:
    a cell that patches builtins or this module cannot blind them (short of rewriting their code)."""

    def changed() -> list[str]:
        """Which watched functions no longer are what they were when the forkserver started."""
        found = []
        for label, (holder, name, original) in originals.items():
            try:
                current = getattr(holder, name)
            except Exception:  # deleted, or a property that now raises
                found.append(label)
                continue
            if current is not original and not same(current, original):
                found.append(label)
        return sorted(found)

    def restore() -> list[str]:
        """Put every patched watched function back; return what was patched."""
        found = changed()
        for label in found:
            holder, name, original = originals[label]
            try:
                setattr(holder, name, original)
            except Exception:  # some cannot be set back; the flag still stands
                pass
        return found

    return changed, restore


changed, restore = _make_guard()


def helper_watch_list(module) -> dict[str, list[str]]:
    """What a trick would patch in an assignment's helper module: its public functions and
    classes, each class's own methods, and the module's ``WATCHED`` (library functions that this
    assignment's tests lean on, e.g. ``{"torch.nn.init": ["xavier_uniform_"]}``)."""
    import types

    name = module.__name__
    watched: dict[str, list[str]] = {name: []}
    for attribute, value in sorted(vars(module).items()):
        if attribute.startswith("_") or getattr(value, "__module__", None) != name:
            continue
        if isinstance(value, (types.FunctionType, type)):
            watched[name].append(attribute)
        if isinstance(value, type):
            methods = [k for k, v in vars(value).items() if isinstance(v, types.FunctionType)]
            if methods:
                watched[f"{name}.{attribute}"] = methods
    extra = getattr(module, "WATCHED", None) or {}
    for owner, names in (extra.items() if isinstance(extra, dict) else ()):
        watched.setdefault(str(owner), []).extend(str(n) for n in names)
    return watched


def guard_with(watched: dict[str, list[str]]):
    """A ``restore`` that also covers ``watched`` (snapshot now: call it before any cell runs)."""
    return _make_guard({**_ORIGINALS, **_snapshot(watched)})[1]
