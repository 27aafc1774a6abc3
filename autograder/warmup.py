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
    "torch.nn.init": ["uniform_", "normal_", "xavier_uniform_", "xavier_normal_",
                      "kaiming_uniform_", "kaiming_normal_", "calculate_gain", "zeros_"],
    "numpy": ["allclose", "isclose", "std", "mean", "array_equal", "abs", "max", "min",
              "ascontiguousarray", "frombuffer", "isfinite", "dtype", "array", "prod"],
    "numpy.random": ["seed", "uniform", "normal", "rand", "randn", "default_rng"],
    "autograder.channel": ["serve", "_serve_call", "Encoder", "Decoder", "ObjectTable",
                           "_apply_seeds", "_start_profiler", "_stop_profiler", "_module_files",
                           "dumps", "loads", "_array_data", "_array_from_data", "_tensor_array",
                           "_exception_text", "MODULE_TYPES", "MODULE_NAMES", "DTYPES"],
    "autograder.channel.ObjectTable": ["add", "wire_id"],
    "autograder.channel.Encoder": ["encode", "_tensor", "_module", "_probe", "_id"],
    "autograder.channel.Decoder": ["decode", "_tensor", "_module", "_probe"],
    "json": ["dumps", "loads"],
    "base64": ["b64encode", "b64decode"],
    "sys": ["setprofile", "getprofile", "exit"],
    "threading": ["setprofile"],
    "autograder.checks": ["uniform", "normal", "call", "fail", "same_tensor_kept", "same_modules",
                          "same_floats", "output_stds"],
    "otter.test_files.exception_test.ExceptionTestFile": ["run"],
    "otter.test_files.exception_test.test_case": ["call_func", "__call__"],
    "otter.test_files.abstract_test.TestFile": ["grade", "score", "all_or_nothing"],
}


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


def _snapshot() -> dict:
    originals = {}
    for owner, names in WATCHED.items():
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
