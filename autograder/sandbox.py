"""Executing untrusted code: a student's notebook runs in a limited child process.

The grading process never runs student code. For each submission it asks a forkserver — started once,
with torch, NumPy, IPython and matplotlib already imported — for a fresh child. The child

* becomes the leader of a new process group (so the grader can kill it and anything it spawns),
  cuts its network where the OS allows (a new network namespace, as root), moves into its own empty
  working directory and sets resource limits (address space, CPU time, file size, processes);
* runs the notebook's code cells with IPython's machinery, so magics and ``display`` behave as in
  Jupyter, skipping Otter's own cells (``grader.check`` and the export cell);
* reports how the cells went, then serves calls from the hidden tests over the channel
  (``autograder.channel``) until the grader hangs up.

Only JSON-encoded plain data crosses the pipe in either direction.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field

from . import channel

# Modules the forkserver imports once, so that no child pays for them.
PRELOAD = ["autograder.sandbox", "torch", "numpy", "scipy.stats", "IPython",
           "matplotlib", "matplotlib.pyplot"]
CLONE_NEWNET = 0x40000000
# Lines of the cells Otter puts in a student notebook: its set-up, public checks and export.
OTTER_LINE = re.compile(r"import otter|grader\s*=\s*otter\.Notebook\(.*\)"
                        r"|grader\.(check|check_all|export)\(.*\)")


@dataclass
class Limits:
    """Per-submission limits. ``timeout`` covers running the notebook and every hidden-test call."""

    timeout: float = 60.0
    memory_mb: int = 4096
    cpu_seconds: int | None = None  # default: the timeout, rounded up
    file_mb: int = 64
    processes: int = 64

    @property
    def cpu(self) -> int:
        return int(self.cpu_seconds or self.timeout + 1)


@dataclass
class Execution:
    """How running the notebook's cells went, as reported by the child (plain data)."""

    cells_run: int = 0
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0


_context = None


def context():
    """The forkserver context, created once per grading process, with its modules preloaded."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


class Sandbox:
    """One submission's child process and the grader's end of its channel.

    Use as a context manager: on exit the child's whole process group is killed and its working
    directory removed, whatever the child did.
    """

    def __init__(self, cells: list[str], limits: Limits, network: bool = False):
        self.cells, self.limits, self.network = cells, limits, network
        self.workdir = tempfile.mkdtemp(prefix="autograder-sub-")
        self.deadline = time.monotonic() + limits.timeout
        self.process = None
        self.session: channel.RemoteSession | None = None

    def __enter__(self) -> "Sandbox":
        parent_end, child_end = context().Pipe(duplex=True)
        self.process = context().Process(
            target=child_main, args=(child_end, self.cells, self.workdir, self.limits,
                                     self.network), daemon=True)
        self.process.start()
        child_end.close()
        self.session = channel.RemoteSession(parent_end, call_timeout=self.limits.timeout)
        return self

    def run_notebook(self) -> Execution:
        """Wait for the child to run the notebook; raise ChannelError if it dies or times out."""
        connection = self.session.connection
        if not connection.poll(max(0.0, self.deadline - time.monotonic())):
            self.session.broken = "timeout"
            raise channel.ChannelError("timeout")
        try:
            report = channel.loads(connection.recv_bytes(channel.MAX_MESSAGE_BYTES))
        except (EOFError, OSError, ValueError):
            self.session.broken = "died"
            raise channel.ChannelError("died") from None
        return Execution(cells_run=int(report.get("cells_run", 0)),
                         errors=list(report.get("errors", []))[:50],
                         seconds=float(report.get("seconds", 0.0)))

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def exit_reason(self) -> str | None:
        """Why the child is gone, if it is: 'killed by SIGKILL', 'exit code 3', ..."""
        if self.process is None or self.process.exitcode is None:
            return None
        code = self.process.exitcode
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        if self.session is not None:
            with contextlib.suppress(OSError):
                self.session.connection.close()
        if self.process is not None:
            _kill_group(self.process.pid)
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


# -- inside the child ------------------------------------------------------------------------------


def child_main(connection, cells: list[str], workdir: str, limits: Limits, network: bool) -> None:
    os.setsid()
    if not network:
        _cut_network()
    os.chdir(workdir)
    _redirect_output(workdir)
    _apply_limits(limits)
    os.environ["MPLBACKEND"] = "Agg"
    report = run_cells(cells)
    connection.send_bytes(channel.dumps(report["summary"]))
    channel.serve(connection, report["namespace"])
    os._exit(0)  # skip interpreter teardown: nothing of the child's is worth flushing


def _cut_network() -> None:
    """A new, empty network namespace: only a loopback that is down. Needs root; else no-op."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.unshare(CLONE_NEWNET)


def _redirect_output(workdir: str) -> None:
    """Student prints go to a file in the sandbox (capped by the file-size limit), not the TA's
    terminal."""
    sink = os.open(os.path.join(workdir, ".output"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    os.close(sink)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long print fails instead of killing


def _apply_limits(limits: Limits) -> None:
    def cap(kind, value):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value))

    cap(resource.RLIMIT_AS, limits.memory_mb * 2**20)
    cap(resource.RLIMIT_CPU, limits.cpu)
    cap(resource.RLIMIT_FSIZE, limits.file_mb * 2**20)
    cap(resource.RLIMIT_NPROC, limits.processes)
    cap(resource.RLIMIT_CORE, 0)


class _NoOpGrader:
    """Stands in for ``otter.Notebook``: public checks and export are not part of grading."""

    def check(self, *args, **kwargs):
        return None

    check_all = export = check


def run_cells(cells: list[str]) -> dict:
    """Run code cells as Jupyter would; errors are recorded and execution goes on (as Otter does)."""
    from IPython.core.interactiveshell import InteractiveShell

    started = time.monotonic()
    shell = InteractiveShell.instance()
    shell.user_ns["grader"] = _NoOpGrader()
    errors, ran = [], 0
    for index, source in enumerate(cells):
        if is_otter_cell(source):
            continue
        ran += 1
        try:
            result = shell.run_cell(source, store_history=False, silent=False)
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # a cell may raise SystemExit past IPython
            error = exc
        if error is not None:
            errors.append({"cell": index, "type": type(error).__name__,
                           "message": channel._exception_text(error)[:500]})
    summary = {"cells_run": ran, "errors": errors, "seconds": time.monotonic() - started}
    return {"summary": summary, "namespace": shell.user_ns}


def is_otter_cell(source: str) -> bool:
    lines = [line.strip() for line in source.splitlines()]
    code = [line for line in lines if line and not line.startswith("#")]
    return bool(code) and all(OTTER_LINE.fullmatch(line) for line in code)


def notebook_cells(notebook: dict) -> list[str]:
    """The code cells of a notebook (nbformat 4 JSON) as source strings."""
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else str(source))
    return cells


def read_notebook_cells(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return notebook_cells(json.load(handle))
