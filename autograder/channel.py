"""The narrow channel between hidden tests and a student's functions (one import for its parts).

A hidden test is written once, as an Otter exception-based test whose arguments are the student's
functions, filled in by name::

    def test_fills_in_place(scale_):
        t = torch.ones(80, 200)
        out = checks.call(scale_, t, factor=2.0)
        ...

* Under Otter (``grader.check`` and the Gradescope zip) the arguments are the real functions in the
  student's kernel, and the test runs there.
* Under the kit's grader they are :class:`RemoteFunction` proxies. A call encodes its arguments as
  plain data (JSON, with numeric arrays as dtype, shape and base64 bytes), the sandboxed child
  rebuilds them, calls the student's function, and answers with plain data: the result and the new
  state of every argument. The proxy mirrors that state onto the grader's own objects, so in-place
  changes and object identity look the same to the test in both modes, and every check runs in the
  grading process, where no student code ever ran.

What crosses as a value (plain data, never a pickle): ``None``/bool/int/float/str, lists, tuples,
dicts with string keys (a ``state_dict`` too), NumPy arrays and scalars, torch dtypes, torch's own
functions and classes (by name), CPU tensors and ``nn.Parameter``s in full (values,
requires_grad, ``.grad``), and modules all of whose classes are torch's own (parameters, buffers,
``training``, plain attributes, children). Anything else the student's code gives back — an
instance of a notebook class, an optimiser, a DataLoader, a generator, a bound method, a module
holding a notebook class — stays in the child, and the grader gets a :class:`RemoteObject` handle
to it: attribute reads, calls, method calls, ``len``, iteration and indexing are requests, and the
handle passed back as an argument is the child's own object again. What the grader cannot send
arrives in the child as an :class:`Opaque` stand-in that equals nothing.

An assignment's helper module (``solutions/<name>/helpers.py``) is loaded in the child before any
cell; tests reach it with ``checks.helpers()`` (a handle in the sandbox) and keep its originals
under the same guard as library functions. A call may carry a CPU-time budget
(``checks.call(..., cpu_seconds=...)``, enforced in the child by ``serve``).

The parts, by concern:

* ``wire``: the message format, one codec per kind of value, the object tables;
* ``proxies``: the grader's stand-ins (``RemoteSession``, ``RemoteFunction``, ``RemoteObject``);
* ``serve``: the child's request loop;
* ``watch``: seeds and call watches, set by tests and forwarded with each request.
"""

from __future__ import annotations

from . import wire
from .proxies import (BUILTIN_ERRORS, CpuBudgetExceeded, RemoteFunction,  # noqa: F401
                      RemoteObject, RemoteSession, StudentException, rebuild_exception)
from .serve import Server, exception_text, load_helpers, peak_memory_mb, serve  # noqa: F401
from .watch import (CallWatch, apply_seeds, remote_only, reset_test_state,  # noqa: F401
                    seed_everything, watched_calls)
from .wire import (DTYPES, MAX_MESSAGE_BYTES, ChannelError, Decoder, Encoder,  # noqa: F401
                   ObjectTable, Opaque, dumps, loads)

# Older names, kept for code that still uses them.
_exception_text = exception_text
_array_data = wire.array_data
_array_from_data = wire.array_from_data
