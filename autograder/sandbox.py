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
import threading
import time
from dataclasses import dataclass, field

from . import channel

# Modules the forkserver imports once, so that no child pays for them.
PRELOAD = ["autograder.sandbox", "scipy.stats", "autograder.warmup"]
CLONE_NEWNET = 0x40000000
# The project holds the hidden tests (dist/, the source notebooks, the catalogue, git history):
# children never see it, only the interpreter's folders inside it.
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
    isolation: str = ""
    patched: list[str] = field(default_factory=list)
    threads: int = 0  # threads the notebook left running (stopped before the hidden tests)


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

    def __init__(self, cells: list[str], limits: Limits, network: bool = False,
                 hide: list[str] | None = None, helpers: str | None = None):
        self.cells, self.limits, self.network = cells, limits, network
        self.helpers = helpers  # the source of the assignment's helper module, if it has one
        self.hide = [PROJECT_ROOT] + list(hide or [])
        # A user id of its own for this sandbox: afterwards, every process it started — even one
        # that left the process group — can be found and killed by that id.
        self.uid = SANDBOX_UIDS + os.getpid() % 1_000_000
        self.workdir = ""
        self.deadline = 0.0  # set on entry, once the forkserver is up
        self.process = None
        self.session: channel.RemoteSession | None = None

    def __enter__(self) -> "Sandbox":
        start_forkserver()  # its start-up (seconds, once) must not count against this submission
        self.deadline = time.monotonic() + self.limits.timeout
        self.workdir = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
        parent_end, child_end = context().Pipe(duplex=True)
        self.process = context().Process(
            target=child_main, args=(child_end, self.cells, self.workdir, self.limits,
                                     self.network, self.hide, self.uid, self.helpers),
            daemon=True)
        with _main_module_hidden():
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
                         seconds=float(report.get("seconds", 0.0)),
                         isolation=str(report.get("isolation", "unknown"))[:200],
                         patched=[str(p)[:100] for p in report.get("patched", [])][:50],
                         threads=int(report.get("threads", 0) or 0))

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def exit_reason(self) -> str | None:
        """Why the child is gone, if it is: 'killed by SIGKILL', 'exit code 3', ..."""
        if self.process is None or self.process.exitcode is None:
            return None
        code = self.process.exitcode
        if code < 0 or SIGNAL_EXIT < code < SIGNAL_EXIT + signal.NSIG:
            number = -code if code < 0 else code - SIGNAL_EXIT
            with contextlib.suppress(ValueError):
                return f"killed by {signal.Signals(number).name}"
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
            kill_user(self.uid)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def _main_module_hidden():
    """Start a child without telling it about the grader's ``__main__``.

    multiprocessing makes every child re-import the parent's main script (under pytest or a
    script that costs ~0.3 s a child); a sandbox child runs ``child_main`` only and needs none of it.
    """
    main = sys.modules["__main__"]
    saved = dict(main.__dict__)
    main.__spec__ = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__spec__ = saved.get("__spec__")
        if "__file__" in saved:
            main.__file__ = saved["__file__"]


# One thread per process for every numeric library: a batch runs one grader per core, each with a
# sandbox child, and a library that starts one thread per core in each of them oversubscribes the
# machine many times over (reported on a 16-core host: a first submission took 10-13 s instead of
# 1.3 s at 16 workers, and OMP_NUM_THREADS=1 alone cut the batch from 37 s to 32 s).
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                     "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}


def start_forkserver() -> None:
    """Start this process's forkserver if it is not running (the first time: seconds).

    A batch's main process calls it before it forks its graders: they then share one forkserver
    (inherited with its socket) instead of starting one each (see ``share_forkserver``).
    """
    from multiprocessing import forkserver

    global _started
    if not _started:  # once per grading process
        os.environ.update(ONE_THREAD)  # inherited by the forkserver and so by every child
        context()
        _remove_orphaned_workdirs()
        _started = True
    if not _shared:
        forkserver.ensure_running()


def share_forkserver() -> None:
    """In a grader forked from a batch's main process: use the forkserver it started.

    multiprocessing checks that its forkserver is alive with waitpid(), which only the process
    that started it may call, and would start a second one otherwise; a forked grader replaces
    that check on the (process-wide) forkserver object with one that any process can make.
    """
    from multiprocessing import forkserver, resource_tracker

    global _shared
    _shared = True
    server = forkserver._forkserver
    pid = server._forkserver_pid

    def ensure_running() -> None:
        resource_tracker.ensure_running()
        if pid is None or not _alive(pid):
            raise RuntimeError("the batch's forkserver is gone: rerun the command to resume")

    server.ensure_running = ensure_running


_started = False
_shared = False


def _remove_orphaned_workdirs() -> None:
    """Working directories of graders that were killed before they could clean up (SIGKILL)."""
    base = tempfile.gettempdir()
    for name in os.listdir(base):
        if not name.startswith(WORKDIR_PREFIX):
            continue
        owner = name[len(WORKDIR_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_user(uid: int) -> None:
    """Kill every process of ``uid``: a helper that becomes that user signals them all at once
    (kill(-1) reaches exactly the processes one may signal), a few times to catch late forks."""
    if os.geteuid() != 0:
        return
    pid = os.fork()
    if pid == 0:  # the helper: async-signal-safe calls only, then leave
        try:
            os.setgid(uid)
            os.setuid(uid)
            for _ in range(20):
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


# -- inside the child ------------------------------------------------------------------------------


def child_main(connection, cells: list[str], workdir: str, limits: Limits, network: bool,
               hide: list[str], uid: int, helpers: str | None = None) -> None:
    from . import warmup  # loaded by the forkserver, with the originals captured before any cell

    serve, restore = channel.serve, warmup.restore  # bound before a cell could patch them
    os.setsid()
    _die_with_parent()
    isolation = isolate(workdir, hide, network, uid)
    _redirect_output()
    _apply_limits(limits)
    if isolation == "full":
        _become(uid)
    home = os.getcwd()
    os.environ.update(MPLBACKEND="Agg", HOME=home, MPLCONFIGDIR=home,
                      IPYTHONDIR=os.path.join(home, ".ipython"))
    import torch

    torch.set_num_threads(1)  # one worker per core: no oversubscription, steadier timings
    helper_module = None
    if helpers is not None:  # public code of the assignment: loaded, and its originals captured,
        helper_module = channel.load_helpers(helpers)  # before any cell runs
        restore = warmup.guard_with(warmup.helper_watch_list(helper_module))
    report = run_cells(cells)
    summary = report["summary"]
    summary.update(isolation=isolation, patched=restore(),
                   threads=threading.active_count() - 1)
    connection.send_bytes(channel.dumps(summary))
    # Serve from a fork: only the forking thread survives, so threads the notebook left running
    # cannot touch the server. This process then becomes a tiny waiter (exec ends its threads)
    # that ends as the server ends, so the grader still learns how it ended.
    server = os.fork()
    if server != 0:
        _become_waiter(server)
        os._exit(0)
    _die_with_parent()  # the waiter dies with the forkserver, and the server with the waiter
    serve(connection, report["namespace"], guard=restore, helpers=helper_module)
    os._exit(0)  # skip interpreter teardown: nothing of the child's is worth flushing


# Exit codes above SIGNAL_EXIT mean "the server was killed by signal (code - SIGNAL_EXIT)".
SIGNAL_EXIT = 128
WAITER = """
import os
pid, status = os.waitpid({pid}, 0)
os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else {signal_exit} + os.WTERMSIG(status))
"""


def _become_waiter(server: int) -> None:
    """Replace this process by one that waits for ``server`` and ends the same way."""
    with contextlib.suppress(OSError):
        os.execv(sys.executable, [sys.executable, "-S", "-I", "-c",
                                  WAITER.format(pid=server, signal_exit=SIGNAL_EXIT)])


def _die_with_parent() -> None:
    """If the forkserver goes (the grader was killed), the kernel kills this child too."""
    PR_SET_PDEATHSIG = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


# Mount flags (linux/mount.h). The standard library has no mount(2), hence ctypes.
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
CLONE_NEWNS, MNT_DETACH = 0x00020000, 2
SANDBOX_HOME = "/mnt/submission"
WORKDIR_PREFIX = "autograder-sub-"  # then the grader's pid, so orphans can be told apart
SANDBOX_UIDS = 200_000  # sandbox user ids: 200000 + the grader's pid; no account, no files


def isolate(workdir: str, hide: list[str], network: bool, uid: int) -> str:
    """Give the child its own view of the machine; return "full", or why it is less.

    As root: new network and mount namespaces. In the new mount namespace the folders in ``hide``
    (the project with its hidden tests and solutions, the class's submissions and the output
    folder) and the shared scratch folders (/tmp, /var/tmp, /dev/shm) are covered by empty
    private tmpfs mounts; the interpreter's own folders are mounted back; the working directory
    appears as /mnt/submission. The child then drops root for a user id of its own, so it can
    write nowhere but its working directory and private scratch, and cannot look into other
    processes.
    Without root it only changes into its working directory.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    flags = CLONE_NEWNS | (0 if network else CLONE_NEWNET)
    if os.geteuid() != 0 or libc.unshare(flags) != 0:
        os.chdir(workdir)
        return "reduced: not root, so no namespaces and no change of user"
    try:
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
        _mount(libc, "tmpfs", "/mnt", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
        os.mkdir(SANDBOX_HOME)
        _mount(libc, workdir, SANDBOX_HOME, None, MS_BIND)
        os.chown(workdir, uid, uid)
        keep = _interpreter_folders()
        for index, path in enumerate(_outermost(hide + ["/tmp", "/var/tmp", "/dev/shm"])):
            _cover(libc, path, [k for k in keep if k.startswith(path.rstrip("/") + "/")], index)
        for path in ("/root",):
            if os.path.isdir(path) and not os.stat(path).st_mode & 0o001:
                _cover(libc, path, [k for k in keep if k.startswith(path + "/")], 99)
        os.chdir(SANDBOX_HOME)
        return "full"
    except OSError as error:
        os.chdir(workdir)
        return f"reduced: {error}"


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    encode = (lambda v: v.encode() if isinstance(v, str) else v)
    if libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _interpreter_folders() -> list[str]:
    """What the child must still see: Python, the virtual environment and this package."""
    package = os.path.dirname(os.path.abspath(__file__))
    roots = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix, package)}
    return sorted(roots)


def _outermost(paths: list[str]) -> list[str]:
    real = sorted({os.path.realpath(p) for p in paths if p and os.path.isdir(p)} - {"/"}, key=len)
    chosen: list[str] = []
    for path in real:
        if not any(path == c or path.startswith(c.rstrip("/") + "/") for c in chosen):
            chosen.append(path)
    return chosen


def _cover(libc, path: str, keep: list[str], index: int) -> None:
    """An empty tmpfs over ``path``, with the folders in ``keep`` (inside it) mounted back."""
    staged = []
    for number, folder in enumerate(keep):
        stage = f"/mnt/keep-{index}-{number}"
        os.mkdir(stage)
        _mount(libc, folder, stage, None, MS_BIND | MS_REC)
        staged.append((folder, stage))
    _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    for folder, stage in staged:
        os.makedirs(folder, exist_ok=True)
        _mount(libc, stage, folder, None, MS_BIND | MS_REC)
        libc.umount2(stage.encode(), MNT_DETACH)
        os.rmdir(stage)


def _become(uid: int) -> None:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _redirect_output() -> None:
    """Student prints go to a file in the working directory (capped by the file-size limit), not
    the TA's terminal."""
    sink = os.open(".output", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
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
