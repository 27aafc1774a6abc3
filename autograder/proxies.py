"""The grader's end of the channel: stand-ins for what lives in the sandboxed child.

* :class:`RemoteSession`: one submission's connection and table of objects.
* :class:`RemoteFunction`: a student's notebook global (a function, or a class), called by name.
* :class:`RemoteObject`: a handle to an object that stays in the child (an instance of a student's
  class, an optimiser, a DataLoader, a generator, a bound method, a helper function or class, the
  helper module itself). Reading an attribute, calling it, calling a method, ``len``, iterating,
  indexing and setting an attribute are requests; what comes back is a value or another handle.
  Passed as an argument, the child gets its own object back.

Every request carries the seeds a test set since the last one and the modules it watches
(``watch``), and the tensors the grader changed since they last crossed; every answer carries
the new state of the objects the request carried and of the tensors the child changed, which is
mirrored onto the grader's own objects (``wire``). No code of the student's ever runs here: a
handle's attribute, equality, ``repr`` and type are answered without it (equality is identity).
"""

from __future__ import annotations

import builtins
import weakref

from . import watch
from .wire import (CODECS, MAX_MESSAGE_BYTES, NOT_PLAIN, ChannelError, Codec, Decoder, Encoder,
                   ObjectTable, dumps, loads)

# Exceptions re-raised under their own type in the grader (tests may expect e.g. ValueError);
# any other exception type arrives as StudentException.
BUILTIN_ERRORS = {name: getattr(builtins, name) for name in (
    "ValueError", "TypeError", "RuntimeError", "NotImplementedError", "IndexError", "KeyError",
    "AttributeError", "ZeroDivisionError", "AssertionError", "NameError", "ArithmeticError",
    "OverflowError", "LookupError", "MemoryError", "RecursionError", "StopIteration")}
MAX_ITEMS = 100_000  # iterating a handle: at most this many items come back


class StudentException(Exception):
    """An exception of a non-builtin type raised by the student's code in the child."""

    def __init__(self, type_name: str, message: str):
        super().__init__(message)
        self.remote_type = type_name


class CpuBudgetExceeded(Exception):
    """A request ran past the CPU-time budget it carried (``checks.call(..., cpu_seconds=...)``)."""

    def __init__(self, seconds: float):
        super().__init__(f"used more than {seconds:g} s of CPU time")
        self.seconds = seconds


class RemoteSession:
    """The grader's end of one submission's channel: one connection, one table of objects."""

    def __init__(self, connection, call_timeout: float = 30.0):
        self.connection = connection
        self.call_timeout = call_timeout
        self.table = ObjectTable(prefix="g")
        self.remote_objects: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self.broken: str | None = None
        self.patched: set[str] = set()  # what the child's guard found patched during calls
        self._helpers: RemoteObject | None = None

    def function(self, name: str) -> "RemoteFunction":
        return RemoteFunction(self, name)

    def helpers(self) -> "RemoteObject":
        """The assignment's helper module as loaded in the child, before any cell ran."""
        if self._helpers is None:
            self._helpers = self.request("helpers")
        return self._helpers

    def torch_object(self, path: str) -> "RemoteObject":
        """A torch class or function (``"torch.optim.Adam"``), as a handle in the child."""
        return self.request("torch", path=str(path))

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

    def call(self, name: str, args: tuple, kwargs: dict, cpu_seconds: float | None = None):
        """Call the notebook global ``name``."""
        return self.request("call", fn=name, args=args, kwargs=kwargs, cpu_seconds=cpu_seconds)

    def request(self, op: str, target=None, args: tuple = (), kwargs: dict | None = None,
                cpu_seconds: float | None = None, **fields):
        """One request that may run the student's code; returns what it answers."""
        encoder = Encoder(self.table, side="grader")
        request = {"op": op, **fields}
        if target is not None:
            request["target"] = encoder.encode(target)
        request["args"] = [encoder.encode(a) for a in args]
        request["kwargs"] = {str(k): encoder.encode(v) for k, v in (kwargs or {}).items()}
        request["state"] = encoder.changed()
        request["seed"] = watch.take_pending_seed()
        request["watch"] = watch.active_modules()
        if cpu_seconds is not None:
            request["cpu_seconds"] = float(cpu_seconds)
        reply = self._exchange(request)
        self.patched.update(str(p)[:100] for p in _list(reply.get("patched"))[:50])
        decoder = Decoder(self.table, handle=self._handle)
        for state in _list(reply.get("state")):
            decoder.decode(state)
        watch.record_remote_calls(_list(reply.get("watched"))[:1000])
        error = reply.get("error")
        if error:
            if reply.get("over_budget") and cpu_seconds is not None:
                raise CpuBudgetExceeded(float(cpu_seconds))
            raise rebuild_exception(error if isinstance(error, dict) else {})
        return decoder.decode(reply.get("result"))

    def _handle(self, data: dict) -> "RemoteObject":
        """The one stand-in for a child object: the same handle gives the same RemoteObject."""
        wire_id = str(data["handle"])
        known = self.remote_objects.get(wire_id)
        if known is None:
            known = RemoteObject(self, wire_id, data)
            self.remote_objects[wire_id] = known
        return known

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


def _list(value) -> list:
    return value if isinstance(value, list) else []


def rebuild_exception(error: dict) -> Exception:
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

    def remote_call(self, args: tuple, kwargs: dict, cpu_seconds: float | None = None):
        return self.session.call(self.__name__, args, kwargs, cpu_seconds)

    def __repr__(self):
        return f"<remote function {self.__name__}>"


class RemoteObject:
    """A handle to an object that stays in the child (see the module's docstring).

    ``remote_type`` is (module, qualified name) of the object's class and ``remote_mro`` the
    qualified names of its classes in method resolution order, as the child's ``type()`` has them
    (a class cannot fake these; one that claims a module it is not in is named ``__main__.…``).
    Names starting with ``__`` are never asked for remotely (Python and libraries probe such
    names); ``remote_type``, ``remote_mro`` and ``remote_call`` are this stand-in's own.
    """

    __slots__ = ("_session", "_wire_id", "remote_type", "remote_mro", "_callable", "__weakref__")

    def __init__(self, session: RemoteSession, wire_id: str, data: dict):
        setter = object.__setattr__
        setter(self, "_session", session)
        setter(self, "_wire_id", wire_id)
        kind = data.get("type")
        setter(self, "remote_type", tuple(str(p) for p in kind) if isinstance(kind, list)
               and len(kind) == 2 else ("?", "?"))
        setter(self, "remote_mro", tuple(str(n) for n in _list(data.get("mro"))))
        setter(self, "_callable", bool(data.get("callable")))

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__") or name in RemoteObject.__slots__:
            raise AttributeError(name)
        return self._session.request("getattr", target=self, name=name)

    def __setattr__(self, name: str, value) -> None:
        self._session.request("setattr", target=self, name=str(name), args=(value,))

    def __call__(self, *args, **kwargs):
        return self._session.request("call", target=self, args=args, kwargs=kwargs)

    def remote_call(self, args: tuple, kwargs: dict, cpu_seconds: float | None = None):
        return self._session.request("call", target=self, args=args, kwargs=kwargs,
                                     cpu_seconds=cpu_seconds)

    def __len__(self) -> int:
        length = self._session.request("len", target=self)
        if type(length) is not int or length < 0:
            raise TypeError("len() of the remote object is not a non-negative int")
        return length

    def __iter__(self):
        items = self._session.request("list", target=self, limit=MAX_ITEMS)
        if not isinstance(items, list):
            raise TypeError("the remote object did not iterate to a list")
        return iter(items)

    def __getitem__(self, key):
        return self._session.request("getitem", target=self, args=(key,))

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<remote {self.remote_type[1]} object>"

    __str__ = __repr__


class RemoteObjectCodec(Codec):
    """The grader sends a handle back as its id alone; the child resolves it to its object."""

    types = (RemoteObject,)

    def encode(self, obj, encoder):
        if encoder.side != "grader" or object.__getattribute__(obj, "_session").table \
                is not encoder.table:
            return NOT_PLAIN  # another submission's handle means nothing here
        return {"handle": object.__getattribute__(obj, "_wire_id")}


CODECS.register(RemoteObjectCodec())
