"""The sandboxed child's end of the channel: it answers the hidden tests' requests.

It runs in the child after the notebook's cells, with the student's namespace, and never decides a
score: it rebuilds a request's target and arguments from plain data (``wire``), runs the student's
code, and answers with plain data. Requests (``op``):

* ``names`` and ``stats``: the notebook's globals (and whether each is callable); peak memory.
* ``call``: a notebook global by name (``fn``) or a handle (``target``), with arguments;
* ``getattr``, ``setattr``, ``len``, ``list`` (iterate), ``getitem``: on a handle;
* ``helpers``: the assignment's helper module, loaded before any cell ran (a handle);
* ``torch``: a torch class or function by its path, as a handle, to construct objects here.

Every request that may run student code goes the same way: ``guard`` (from ``warmup``) puts back
and names any patched library, kit or helper function; the seeds it carries are applied; the
watched modules are profiled around the code; its CPU budget, if any, is armed; the guard runs
again; then the new state of everything the request carried, of every tensor changed here since
it last crossed, and the result are encoded. What is not plain data stays here, behind a handle.

CPU budgets (``cpu_seconds``): a profiling timer (``ITIMER_PROF``, the CPU time of the whole
process, all threads) delivers SIGPROF when the budget is spent, and every 50 ms after that; the
handler raises :class:`CpuBudgetExceeded`, a BaseException, in the student's code, and the request
answers "over budget" — also when the code caught the exception and returned later. The server
stays up, so the next request works. Limits: the exception arrives between Python bytecodes, so
one long native operation finishes first; code that catches BaseException in an endless loop, or
that replaces the SIGPROF handler, keeps running — then the submission's wall-clock timeout is the
backstop (and later requests are lost with it).
"""

from __future__ import annotations

import itertools
import signal
import sys
import types

from . import watch
from .wire import (MAX_MESSAGE_BYTES, ChannelError, Decoder, Encoder, ObjectTable, dumps,
                   handle_data, loads, resolve_torch)

BUDGET_REPEAT = 0.05  # seconds of CPU between interruptions once a budget is spent


class CpuBudgetExceeded(BaseException):
    """Raised in the student's code when the request's CPU budget is spent."""


_budget_armed = False
_budget_spent = False


def _interrupt(signum, frame):
    global _budget_spent
    if _budget_armed:
        _budget_spent = True
        raise CpuBudgetExceeded()


def _no_guard() -> list[str]:
    return []


def load_helpers(source: str, name: str = "helpers") -> types.ModuleType:
    """An assignment's helper module from its source, registered as ``name`` (so that
    ``import helpers`` finds it)."""
    module = types.ModuleType(name)
    module.__file__ = f"{name}.py"
    sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 (public kit code)
    return module


def serve(connection, namespace: dict, guard=_no_guard, helpers=None) -> None:
    """Answer the grader's requests with the student's namespace until the grader hangs up."""
    server = Server(namespace, guard, helpers)
    while True:
        try:
            raw = connection.recv_bytes(MAX_MESSAGE_BYTES)
        except (EOFError, OSError):
            return
        connection.send_bytes(dumps(server.answer(loads(raw))))


class Server:
    """The child's state across one session's requests."""

    def __init__(self, namespace: dict, guard=_no_guard, helpers=None):
        self.namespace, self.guard, self.helpers = namespace, guard, helpers
        self.table = ObjectTable(prefix="c")
        signal.signal(signal.SIGPROF, _interrupt)

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        if op == "names":
            return {"names": {k: callable(v) for k, v in self.namespace.items()
                              if isinstance(k, str) and not k.startswith("_")}}
        if op == "stats":
            return {"peak_memory_mb": peak_memory_mb()}
        if op in ACTIONS:
            return self.run(request)
        return {"error": {"type": "ChannelError", "message": "unknown request"}}

    def run(self, request: dict) -> dict:
        patched = self.guard()
        decoder = Decoder(self.table, handle=self._kept)
        try:
            target = decoder.decode(request["target"]) if "target" in request else None
            args = [decoder.decode(a) for a in request.get("args", [])]
            kwargs = {str(k): decoder.decode(v) for k, v in request.get("kwargs", {}).items()}
            for state in request.get("state", []):
                decoder.decode(state)
        except (ChannelError, AttributeError, TypeError) as error:
            return {"error": {"type": "ChannelError", "message": str(error)[:500]}}
        if request.get("seed"):
            watch.apply_seeds(request["seed"])
        watched: list[str] = []
        result, error, over_budget = None, None, False
        try:
            action = ACTIONS[request["op"]](self, request, target, args, kwargs)
        except LookupError as missing:
            action, error = None, {"type": "NameError", "message": str(missing.args[0])[:500]}
        if action is not None:
            modules = request.get("watch") or []
            previous = watch.start_profiler(modules, watched) if modules else None
            budget = request.get("cpu_seconds")
            try:
                result = run_within(action, budget)
            except CpuBudgetExceeded as exc:
                over_budget = bool(budget)  # not when the student raised it without a budget
                error = {"type": type(exc).__name__,
                         "message": f"used more than {budget:g} s of CPU time" if budget else ""}
            except BaseException as exc:  # SystemExit and KeyboardInterrupt are the student's too
                error = {"type": type(exc).__name__, "message": exception_text(exc)}
            finally:
                patched += self.guard()
                if modules:
                    watch.stop_profiler(previous)
        reply = {"watched": watched[:1000], "error": error, "over_budget": over_budget,
                 "patched": sorted(set(patched))[:50]}
        try:
            reply.update(self._encode(decoder, result, error is None, request["op"] == "torch"))
        except Exception as exc:  # e.g. a list that contains itself
            reply["state"], reply["error"] = [], {
                "type": "TypeError", "message": f"the answer cannot cross the channel: "
                                                f"{type(exc).__name__}: {exception_text(exc)}"}
        return reply

    def _encode(self, decoder: Decoder, result, with_result: bool, as_handle: bool) -> dict:
        """The new state of everything the request carried and of every tensor changed here since
        it last crossed (the grader mirrors it), then the result."""
        encoder = Encoder(self.table, side="child", fallback=handle_data)
        touched = (self.table.get(w) for w in dict.fromkeys(decoder.touched))
        answer = {"state": [encoder.encode(obj) for obj in touched if obj is not None]}
        answer["state"] += encoder.changed()
        if with_result:
            answer["result"] = handle_data(result, self.table) if as_handle \
                else encoder.encode(result)
        return answer

    def _kept(self, data: dict):
        obj = self.table.get(str(data["handle"]))
        if obj is None:
            raise ChannelError(f"unknown handle {str(data['handle'])[:40]!r}")
        return obj


def run_within(action, cpu_seconds) -> object:
    """Run ``action()``; with a budget, interrupt it once it used that much CPU time."""
    global _budget_armed, _budget_spent
    if not cpu_seconds:
        return action()
    signal.signal(signal.SIGPROF, _interrupt)  # the student may have replaced it
    _budget_armed, _budget_spent = True, False
    signal.setitimer(signal.ITIMER_PROF, max(float(cpu_seconds), 1e-3), BUDGET_REPEAT)
    try:
        result = action()
    finally:
        _budget_armed = False
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    if _budget_spent:  # interrupted, but the student's code caught it and went on
        raise CpuBudgetExceeded()
    return result


# -- what each request runs ------------------------------------------------------------------------
# Each returns the action (a function of no arguments) or raises LookupError with the reason.


def _call(server, request, target, args, kwargs):
    if "fn" in request:
        name = str(request["fn"])
        target = server.namespace.get(name)
        if not callable(target):
            raise LookupError(f"name '{name}' is not defined as a function in the notebook")
    elif not callable(target):
        raise LookupError("the object is not callable")
    return lambda: target(*args, **kwargs)


def _getattr(server, request, target, args, kwargs):
    name = str(request["name"])
    return lambda: getattr(target, name)


def _setattr(server, request, target, args, kwargs):
    name = str(request["name"])
    return lambda: setattr(target, name, args[0])


def _len(server, request, target, args, kwargs):
    return lambda: len(target)


def _list(server, request, target, args, kwargs):
    limit = int(request.get("limit", 100_000))

    def items():
        found = list(itertools.islice(iter(target), limit + 1))
        if len(found) > limit:
            raise ValueError(f"more than {limit} items")
        return found

    return items


def _getitem(server, request, target, args, kwargs):
    return lambda: target[args[0]]


def _helpers(server, request, target, args, kwargs):
    if server.helpers is None:
        raise LookupError("this assignment has no helper module")
    return lambda: server.helpers


def _torch(server, request, target, args, kwargs):
    module, _, name = str(request["path"]).rpartition(".")
    try:
        found = resolve_torch(module, name)
    except ChannelError as error:
        raise LookupError(str(error)) from None
    return lambda: found


ACTIONS = {"call": _call, "getattr": _getattr, "setattr": _setattr, "len": _len, "list": _list,
           "getitem": _getitem, "helpers": _helpers, "torch": _torch}


def peak_memory_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def exception_text(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except Exception:
        return "<unprintable message>"
