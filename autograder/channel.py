"""The narrow channel between hidden tests and a student's functions.

A hidden test is written once, as an Otter exception-based test whose arguments are the student's
functions, filled in by name::

    def test_q3_bound(xavier_uniform_):
        t = torch.empty(80, 200)
        out = checks.call(xavier_uniform_, t, gain=1.0)
        ...

* Under Otter (``grader.check`` and the Gradescope zip) the arguments are the real functions in the
  student's kernel, and the test runs there.
* Under the kit's grader they are :class:`RemoteFunction` proxies. A call encodes its arguments as
  plain data (JSON, with numeric arrays as dtype, shape and base64 bytes), the sandboxed child
  rebuilds them, calls the student's function, and answers with plain data: the result and the new
  state of every argument. The proxy mirrors that state onto the grader's own objects, so in-place
  changes and object identity look the same to the test in both modes, and every check runs in the
  grading process, where no student code ever ran.

What crosses the channel is limited to: ``None``/bool/int/float/str, lists, tuples, dicts with string
keys, NumPy arrays, CPU tensors and ``nn.Parameter``s, modules of the types in ``MODULE_TYPES`` and
the probe :class:`RecordingInit`. Anything else the student returns arrives as an :class:`Opaque`
stand-in that equals nothing.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import json
import random
import sys
import threading
from typing import Any

import numpy as np
import torch
from torch import nn

# -- seeds and watched calls: set by tests, honoured locally and forwarded by remote calls ----------

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
    _apply_seeds(seeds)
    _pending_seed = seeds


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


def _apply_seeds(seeds: dict) -> None:
    # The CPU generator only: torch.manual_seed also queues CUDA seeding, with a stack trace each.
    torch.default_generator.manual_seed(seeds["torch"])
    np.random.seed(seeds["numpy"] % 2**32)
    random.seed(seeds["python"])


class CallWatch:
    """Records calls into the Python modules named in ``modules`` (e.g. ``"torch.nn.init"``).

    It watches code objects by file, so a function imported under another name is still seen.
    Locally it is a profiler hook around the ``with`` block; remote calls made inside the block ask
    the child to do the same around the student's function and report the names back.
    """

    def __init__(self, modules: list[str]):
        self.modules = list(modules)
        self.calls: list[str] = []

    def __enter__(self):
        _active_watches.append(self)
        self._local = _watch_locally
        if self._local:
            self._profiler = _start_profiler(self.modules, self.calls)
        return self

    def __exit__(self, *exc):
        if self._local:
            _stop_profiler(self._profiler)
        _active_watches.remove(self)
        _finished_watches.append(self)
        return False


def _module_files(modules: list[str]) -> set[str]:
    files = set()
    for name in modules:
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        files.add(module.__file__)
    return files


def _start_profiler(modules: list[str], calls: list[str]):
    """Profile this thread and every thread started from now on (a thread is no hiding place)."""
    files = _module_files(modules)
    previous = sys.getprofile()

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code.co_filename in files:
            calls.append(frame.f_code.co_name)

    sys.setprofile(profiler)
    threading.setprofile(profiler)
    return previous


def _stop_profiler(previous) -> None:
    sys.setprofile(previous)
    threading.setprofile(None)


# -- the probe: a callable argument that both sides can rebuild -------------------------------------


class RecordingInit:
    """A ``weight_init`` stand-in: fills each tensor it gets with ``fill`` and records it."""

    def __init__(self, fill: float = 0.25):
        self.fill = float(fill)
        self.calls: list[Any] = []

    def __call__(self, tensor):
        with torch.no_grad():
            tensor.fill_(self.fill)
        self.calls.append(tensor)
        return tensor


# -- wire format -----------------------------------------------------------------------------------

MODULE_TYPES: dict[str, tuple[type, Any]] = {
    "Linear": (nn.Linear, lambda m: {
        "in_features": m.in_features, "out_features": m.out_features, "bias": m.bias is not None}),
    "Conv2d": (nn.Conv2d, lambda m: {
        "in_channels": m.in_channels, "out_channels": m.out_channels,
        "kernel_size": list(m.kernel_size), "stride": list(m.stride),
        "padding": list(m.padding) if not isinstance(m.padding, str) else m.padding,
        "bias": m.bias is not None}),
    "LayerNorm": (nn.LayerNorm, lambda m: {
        "normalized_shape": list(m.normalized_shape), "eps": m.eps,
        "elementwise_affine": m.elementwise_affine}),
    "ReLU": (nn.ReLU, lambda m: {}),
    "Tanh": (nn.Tanh, lambda m: {}),
    "Sigmoid": (nn.Sigmoid, lambda m: {}),
    "Identity": (nn.Identity, lambda m: {}),
    "Flatten": (nn.Flatten, lambda m: {"start_dim": m.start_dim, "end_dim": m.end_dim}),
    "Sequential": (nn.Sequential, lambda m: {}),
    "ModuleList": (nn.ModuleList, lambda m: {}),
    "ModuleDict": (nn.ModuleDict, lambda m: {}),
}
MODULE_NAMES = {cls: name for name, (cls, _) in MODULE_TYPES.items()}
DTYPES = {str(d).removeprefix("torch."): d for d in
          (torch.float16, torch.bfloat16, torch.float32, torch.float64,
           torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool)}
MAX_MESSAGE_BYTES = 256 * 2**20
# Exceptions re-raised under their own type in the grader (tests may expect e.g. ValueError);
# any other exception type arrives as StudentException.
BUILTIN_ERRORS = {name: getattr(builtins, name) for name in (
    "ValueError", "TypeError", "RuntimeError", "NotImplementedError", "IndexError", "KeyError",
    "AttributeError", "ZeroDivisionError", "AssertionError", "NameError", "ArithmeticError",
    "OverflowError", "LookupError", "MemoryError", "RecursionError")}


class Opaque:
    """Something the student returned that cannot cross the channel; equal to nothing."""

    def __init__(self, type_name: str, text: str = ""):
        self.type_name, self.text = type_name, text

    def __eq__(self, other):
        return False

    __hash__ = object.__hash__

    def __repr__(self):
        return f"<{self.type_name} (not transferable)>"


class StudentException(Exception):
    """An exception of a non-builtin type raised by the student's function in the child."""

    def __init__(self, type_name: str, message: str):
        super().__init__(message)
        self.remote_type = type_name


class ChannelError(Exception):
    """The child died, timed out or answered nonsense during a call."""


def _array_data(array: np.ndarray) -> dict:
    """An array as plain data: dtype, shape and the raw bytes in base64 (never a pickle)."""
    array = np.ascontiguousarray(array)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"arrays of dtype {array.dtype} cannot cross the channel")
    return {"dtype": array.dtype.str, "shape": list(array.shape),
            "bytes": base64.b64encode(array.tobytes()).decode("ascii")}


def _array_from_data(data: dict) -> np.ndarray:
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in "biuf" or dtype.hasobject:
        raise ChannelError(f"arrays of dtype {dtype} cannot cross the channel")
    shape = tuple(int(n) for n in data["shape"])
    raw = base64.b64decode(data["bytes"])
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise ChannelError("an array's bytes do not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _tensor_array(tensor: torch.Tensor) -> np.ndarray:
    tensor = tensor.detach().cpu()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()
    return tensor.numpy()


class ObjectTable:
    """The objects one side of a channel has sent or received, by wire id, for the whole session.

    Holding them keeps them alive, so that ``id()`` values are never reused for other objects.
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.ids: dict[int, str] = {}
        self.objects: dict[str, Any] = {}

    def add(self, wire_id: str, obj) -> None:
        self.ids[id(obj)] = wire_id
        self.objects[wire_id] = obj

    def wire_id(self, obj) -> str:
        if id(obj) not in self.ids:
            self.add(f"{self.prefix}{len(self.objects)}", obj)
        return self.ids[id(obj)]


class Encoder:
    """Turns objects into plain data for one message.

    An object's full state is written the first time it appears in a message and a ``ref`` after
    that, so shared modules and tied weights keep their identity.
    """

    def __init__(self, table: ObjectTable):
        self.table = table
        self.written: set[str] = set()

    def _id(self, obj) -> tuple[str, bool]:
        wire_id = self.table.wire_id(obj)
        first = wire_id not in self.written
        self.written.add(wire_id)
        return wire_id, first

    def encode(self, obj):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (np.integer, np.floating, np.bool_)):
            return {"numpy_scalar": obj.dtype.str, "value": obj.item() if np.isfinite(obj)
                    else repr(float(obj))}
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return obj if np.isfinite(obj) else {"float": repr(obj)}
        if isinstance(obj, list):
            return {"list": [self.encode(x) for x in obj]}
        if isinstance(obj, tuple):
            return {"tuple": [self.encode(x) for x in obj]}
        if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
            return {"dict": {k: self.encode(v) for k, v in obj.items()}}
        if isinstance(obj, np.ndarray) and obj.dtype.kind in "biuf":
            return {"ndarray": _array_data(obj)}
        if isinstance(obj, torch.dtype):
            return {"dtype": str(obj).removeprefix("torch.")}
        if isinstance(obj, torch.Tensor):
            return self._tensor(obj)
        if isinstance(obj, nn.Module) and type(obj) in MODULE_NAMES:
            return self._module(obj)
        if isinstance(obj, RecordingInit):
            return self._probe(obj)
        return {"opaque": type(obj).__name__, "text": _short_repr(obj)}

    def _tensor(self, tensor: torch.Tensor):
        wire_id, first = self._id(tensor)
        if not first:
            return {"ref": wire_id}
        if tensor.device.type != "cpu" or str(tensor.dtype).removeprefix("torch.") not in DTYPES:
            return {"opaque": f"Tensor({tensor.dtype}, {tensor.device})", "text": ""}
        return {"tensor": wire_id, "dtype": str(tensor.dtype).removeprefix("torch."),
                "parameter": isinstance(tensor, nn.Parameter),
                "requires_grad": bool(tensor.requires_grad),
                "data": _array_data(_tensor_array(tensor))}

    def _module(self, module: nn.Module):
        wire_id, first = self._id(module)
        if not first:
            return {"ref": wire_id}
        name = MODULE_NAMES[type(module)]
        return {"module": wire_id, "type": name, "config": MODULE_TYPES[name][1](module),
                "params": {k: self.encode(v) for k, v in module._parameters.items()},
                "children": {k: self.encode(v) for k, v in module._modules.items()},
                "forward_hooks": len(module._forward_hooks),
                "forward_pre_hooks": len(module._forward_pre_hooks)}

    def _probe(self, probe: RecordingInit):
        wire_id, first = self._id(probe)
        if not first:
            return {"ref": wire_id}
        return {"probe": wire_id, "fill": probe.fill,
                "calls": [self.encode(t) for t in probe.calls]}


def _short_repr(obj) -> str:
    try:
        return repr(obj)[:200]
    except Exception:
        return ""


class Decoder:
    """Turns plain data back into objects.

    A known wire id is mapped to the object this side already has; when the data carries that
    object's full state, the object is updated in place to match it (the mirroring described above).
    """

    def __init__(self, table: ObjectTable):
        self.table = table
        self.objects = table.objects
        self.touched: list[str] = []  # wire ids whose state this message carried

    def _note(self, wire_id: str, obj) -> None:
        if wire_id not in self.objects:
            self.table.add(wire_id, obj)
        self.touched.append(wire_id)

    def decode(self, data):
        if data is None or isinstance(data, (bool, int, str)):
            return data
        if isinstance(data, float):
            return data
        if not isinstance(data, dict) or len(data) == 0:
            raise ChannelError(f"malformed value on the channel: {str(data)[:80]}")
        if "float" in data:
            return float(data["float"])
        if "numpy_scalar" in data:
            dtype = np.dtype(str(data["numpy_scalar"]))
            if dtype.kind not in "biuf":
                raise ChannelError("malformed NumPy scalar on the channel")
            return dtype.type(data["value"])
        if "list" in data:
            return [self.decode(x) for x in data["list"]]
        if "tuple" in data:
            return tuple(self.decode(x) for x in data["tuple"])
        if "dict" in data:
            return {str(k): self.decode(v) for k, v in data["dict"].items()}
        if "ndarray" in data:
            return _array_from_data(data["ndarray"])
        if "dtype" in data and len(data) == 1:
            return DTYPES[data["dtype"]]
        if "ref" in data:
            if data["ref"] not in self.objects:
                raise ChannelError(f"unknown reference {data['ref']!r}")
            return self.objects[data["ref"]]
        if "tensor" in data:
            return self._tensor(data)
        if "module" in data:
            return self._module(data)
        if "probe" in data:
            return self._probe(data)
        if "opaque" in data:
            return Opaque(str(data["opaque"]), str(data.get("text", "")))
        raise ChannelError(f"malformed value on the channel: {str(data)[:80]}")

    def _tensor(self, data):
        wire_id = data["tensor"]
        array = _array_from_data(data["data"])
        dtype = DTYPES[data["dtype"]]
        value = torch.from_numpy(np.array(array)).to(dtype)
        known = self.objects.get(wire_id)
        if known is None:
            tensor = nn.Parameter(value, requires_grad=data["requires_grad"]) if data["parameter"] \
                else value.requires_grad_(data["requires_grad"])
            self._note(wire_id, tensor)
            return tensor
        self._note(wire_id, known)
        with torch.no_grad():
            if known.dtype == value.dtype and known.shape == value.shape:
                known.copy_(value)
            else:
                known.data = value  # mirror a dtype or shape change the student made
        if known.is_leaf and known.requires_grad != data["requires_grad"]:
            known.requires_grad_(data["requires_grad"])
        return known

    def _module(self, data):
        wire_id = data["module"]
        known = self.objects.get(wire_id)
        if known is None:
            if data["type"] not in MODULE_TYPES:
                raise ChannelError(f"module type {data['type']!r} cannot cross the channel")
            cls = MODULE_TYPES[data["type"]][0]
            with torch.no_grad():
                known = cls(**data["config"])
        self._note(wire_id, known)
        known._parameters.clear()
        for name, value in data["params"].items():
            known._parameters[name] = self.decode(value)
        known._modules.clear()
        for name, value in data["children"].items():
            known._modules[name] = self.decode(value)
        _set_hook_count(known._forward_hooks, data["forward_hooks"], known.register_forward_hook)
        _set_hook_count(known._forward_pre_hooks, data["forward_pre_hooks"],
                        known.register_forward_pre_hook)
        return known

    def _probe(self, data):
        wire_id = data["probe"]
        probe = self.objects.get(wire_id) or RecordingInit(data["fill"])
        self._note(wire_id, probe)
        probe.calls = [self.decode(x) for x in data["calls"]]
        return probe


def _noop_hook(*args):
    return None


def _set_hook_count(hooks: dict, count: int, register) -> None:
    """Make a grader-side module carry as many hooks as the child's: tests look at the count."""
    if len(hooks) == count:
        return
    hooks.clear()
    for _ in range(int(count)):
        register(_noop_hook)


def dumps(message: dict) -> bytes:
    return json.dumps(message, allow_nan=False).encode("utf-8")


def loads(raw: bytes) -> dict:
    message = json.loads(raw.decode("utf-8"))
    if not isinstance(message, dict):
        raise ChannelError("a channel message must be a JSON object")
    return message


# -- the grader's side -----------------------------------------------------------------------------


@contextlib.contextmanager
def remote_only():
    """Within this block every student function is a RemoteFunction: watch calls in the child."""
    global _watch_locally
    _watch_locally = False
    try:
        yield
    finally:
        _watch_locally = True


class RemoteSession:
    """The grader's end of one submission's channel: one connection, one table of objects."""

    def __init__(self, connection, call_timeout: float = 30.0):
        self.connection = connection
        self.call_timeout = call_timeout
        self.table = ObjectTable(prefix="g")
        self.broken: str | None = None
        self.patched: set[str] = set()  # what the child's guard found patched during calls

    def function(self, name: str) -> "RemoteFunction":
        return RemoteFunction(self, name)

    def peak_memory_mb(self) -> float | None:
        """The child's peak resident memory, as it reports it (for the TA's report only)."""
        try:
            return float(self._exchange({"op": "stats"})["peak_memory_mb"])
        except (ChannelError, KeyError, TypeError, ValueError):
            return None

    def names(self) -> dict:
        """Which names the student's namespace defines, and whether each is callable."""
        names = self._exchange({"op": "names"}).get("names")
        if not isinstance(names, dict):
            self.broken = "the submission's process answered out of turn"
            raise ChannelError(self.broken)
        return names

    def call(self, name: str, args: tuple, kwargs: dict):
        global _pending_seed
        encoder = Encoder(self.table)
        request = {"op": "call", "fn": name,
                   "args": [encoder.encode(a) for a in args],
                   "kwargs": {k: encoder.encode(v) for k, v in kwargs.items()},
                   "seed": _pending_seed,
                   "watch": sorted({m for w in _active_watches for m in w.modules})}
        _pending_seed = None
        reply = self._exchange(request)
        self.patched.update(str(p)[:100] for p in reply.get("patched", [])[:50])
        decoder = Decoder(self.table)
        for state in reply.get("state", []):
            decoder.decode(state)
        for watch in _active_watches:
            watch.calls.extend(str(c) for c in reply.get("watched", []))
        if reply.get("error"):
            raise _rebuild_exception(reply["error"])
        return decoder.decode(reply.get("result"))

    def _exchange(self, request: dict) -> dict:
        if self.broken:
            raise ChannelError(self.broken)
        try:
            self.connection.send_bytes(dumps(request))
            if not self.connection.poll(self.call_timeout):
                self.broken = f"no answer within {self.call_timeout:g} s"
                raise ChannelError(self.broken)
            return loads(self.connection.recv_bytes(MAX_MESSAGE_BYTES))
        except ChannelError:
            raise
        except (EOFError, OSError, ValueError, UnicodeDecodeError) as error:
            self.broken = f"the submission's process stopped answering ({type(error).__name__})"
            raise ChannelError(self.broken) from None


def _rebuild_exception(error: dict) -> Exception:
    type_name, message = str(error.get("type", "Exception")), str(error.get("message", ""))
    cls = BUILTIN_ERRORS.get(type_name)
    exc = cls(message) if cls else StudentException(type_name, message)
    exc.remote_type = type_name
    return exc


class RemoteFunction:
    """Stands in for a student's function in the grader; calling it calls the real one remotely."""

    def __init__(self, session: RemoteSession, name: str):
        self.session, self.__name__ = session, name

    def __call__(self, *args, **kwargs):
        return self.session.call(self.__name__, args, kwargs)

    def __repr__(self):
        return f"<remote function {self.__name__}>"


# -- the child's side ------------------------------------------------------------------------------


def _no_guard() -> list[str]:
    return []


def serve(connection, namespace: dict, guard=_no_guard) -> None:
    """Answer the grader's requests with the student's namespace until the grader hangs up.

    ``guard`` undoes and names any patch of the functions this code and the student's function
    rely on; it runs before each call and again before the answer is encoded, so a patch made in
    a cell or during a call can neither change the libraries under the call nor the encoding.
    """
    table = ObjectTable(prefix="c")
    while True:
        try:
            raw = connection.recv_bytes(MAX_MESSAGE_BYTES)
        except (EOFError, OSError):
            return
        request = loads(raw)
        if request.get("op") == "names":
            reply = {"names": {k: callable(v) for k, v in namespace.items()
                               if isinstance(k, str) and not k.startswith("_")}}
        elif request.get("op") == "stats":
            reply = {"peak_memory_mb": _peak_memory_mb()}
        elif request.get("op") == "call":
            reply = _serve_call(request, namespace, table, guard)
        else:
            reply = {"error": {"type": "ChannelError", "message": "unknown request"}}
        connection.send_bytes(dumps(reply))


def _serve_call(request: dict, namespace: dict, table: ObjectTable, guard=_no_guard) -> dict:
    patched = guard()
    decoder = Decoder(table)
    args = [decoder.decode(a) for a in request["args"]]
    kwargs = {k: decoder.decode(v) for k, v in request["kwargs"].items()}
    if request.get("seed"):
        _apply_seeds(request["seed"])
    function = namespace.get(request["fn"])
    watched: list[str] = []
    result, error = None, None
    if not callable(function):
        error = {"type": "NameError",
                 "message": f"name '{request['fn']}' is not defined as a function in the notebook"}
    else:
        previous = _start_profiler(request["watch"], watched) if request.get("watch") else None
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt are the student's too
            error = {"type": type(exc).__name__, "message": _exception_text(exc)}
        finally:
            patched += guard()
            if request.get("watch"):
                _stop_profiler(previous)
    # Report the new state of everything the request carried: the grader mirrors it.
    encoder = Encoder(table)
    state = [encoder.encode(table.objects[w]) for w in dict.fromkeys(decoder.touched)]
    reply = {"state": state, "watched": watched[:1000], "error": error,
             "patched": sorted(set(patched))[:50]}
    if error is None:
        reply["result"] = encoder.encode(result)
    return reply


def _peak_memory_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _exception_text(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except Exception:
        return "<unprintable message>"
