"""Seeds and call watches: set by hidden tests, honoured here and forwarded with remote calls.

* ``seed_everything`` seeds torch, NumPy and ``random`` in this process at once and, with the next
  request, in the sandboxed child (``take_pending_seed``).
* :class:`CallWatch` (``checks.forbid_calls``) records calls into named modules or packages. In
  this process it is a profiler hook around the ``with`` block; remote calls made inside the block
  ask the child to do the same around the student's code and report the names back.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import threading

import numpy as np
import torch

_pending_seed: dict | None = None
_active_watches: list["CallWatch"] = []
_finished_watches: list["CallWatch"] = []  # this test's watches, for the grader's flags
# False while the kit's grader runs tests against remote functions only: watching this process
# then serves no purpose, and a profiler hook on every call here costs ~0.3 s a submission.
_watch_locally = True


def seed_everything(torch_seed: int, numpy_seed: int | None = None, python_seed: int | None = None):
    """Seed torch, NumPy and ``random`` here and, before the next remote call, in the child."""
    global _pending_seed
    seeds = {
        "torch": int(torch_seed),
        "numpy": int(torch_seed if numpy_seed is None else numpy_seed),
        "python": int(torch_seed if python_seed is None else python_seed),
    }
    apply_seeds(seeds)
    _pending_seed = seeds


def take_pending_seed() -> dict | None:
    """The seeds set since the last remote request, once (the next request carries them)."""
    global _pending_seed
    seeds, _pending_seed = _pending_seed, None
    return seeds


def reset_test_state() -> None:
    """Forget seeds and watches a previous test left behind; the grader calls it between tests."""
    global _pending_seed
    _pending_seed = None
    _active_watches.clear()
    _finished_watches.clear()


def watched_calls() -> dict[str, list[str]]:
    """Calls into watched modules that the current test saw, by module."""
    seen: dict[str, list[str]] = {}
    for watch in _finished_watches:
        if watch.calls:
            for module in watch.modules:
                seen.setdefault(module, []).extend(watch.calls)
    return seen


def active_modules() -> list[str]:
    """The modules watched right now: a remote request asks the child to watch them too."""
    return sorted({m for w in _active_watches for m in w.modules})


def record_remote_calls(names: list) -> None:
    """Calls the child saw into the watched modules during one request."""
    for watch in _active_watches:
        watch.calls.extend(str(c) for c in names)


def apply_seeds(seeds: dict) -> None:
    # The CPU generator only: torch.manual_seed also queues CUDA seeding, with a stack trace each.
    torch.default_generator.manual_seed(seeds["torch"])
    np.random.seed(seeds["numpy"] % 2**32)
    random.seed(seeds["python"])


@contextlib.contextmanager
def remote_only():
    """Within this block every student function is remote: watch calls in the child only."""
    global _watch_locally
    _watch_locally = False
    try:
        yield
    finally:
        _watch_locally = True


class CallWatch:
    """Records calls into the Python modules named in ``modules`` (e.g. ``"torch.nn.init"``).

    It watches code objects by file, so a function imported under another name is still seen.
    A package (``"torch.optim"``) stands for every file under its folder.
    """

    def __init__(self, modules: list[str]):
        self.modules = list(modules)
        self.calls: list[str] = []

    def __enter__(self):
        _active_watches.append(self)
        self._local = _watch_locally
        if self._local:
            self._profiler = start_profiler(self.modules, self.calls)
        return self

    def __exit__(self, *exc):
        if self._local:
            stop_profiler(self._profiler)
        _active_watches.remove(self)
        _finished_watches.append(self)
        return False


def module_files(modules: list[str]) -> tuple[set[str], tuple[str, ...]]:
    """The code files of ``modules``: single files, and the folders of packages (as prefixes)."""
    files, folders = set(), []
    for name in modules:
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        if getattr(module, "__path__", None):  # a package: everything under its folder
            folders.append(os.path.dirname(module.__file__) + os.sep)
        files.add(module.__file__)
    return files, tuple(folders)


def start_profiler(modules: list[str], calls: list[str]):
    """Profile this thread and every thread started from now on (a thread is no hiding place)."""
    files, folders = module_files(modules)
    previous = sys.getprofile()

    def profiler(frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename in files or (folders and filename.startswith(folders)):
                calls.append(frame.f_code.co_name)

    sys.setprofile(profiler)
    threading.setprofile(profiler)
    return previous


def stop_profiler(previous) -> None:
    sys.setprofile(previous)
    threading.setprofile(None)
