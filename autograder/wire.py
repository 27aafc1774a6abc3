"""The wire format of the channel: plain data for every kind of value that may cross, never pickles.

A message is one JSON object. A value inside it is either a JSON scalar (``None``, bool, int, finite
float, str) or a JSON object whose FIRST key names its kind (the codec's tag)::

    {"list": [...]}  {"tuple": [...]}  {"dict": {...}}  {"float": "nan"}
    {"numpy_scalar": "<f4", "value": 1.5}  {"ndarray": {"dtype": "<f4", "shape": [2], "bytes": ...}}
    {"torch_dtype": "float32"}  {"torch_ref": ["torch.nn.functional", "relu"]}
    {"tensor": "g3", "dtype": ..., "parameter": ..., "requires_grad": ..., "data": ..., "grad": ...}
    {"module": "g4", "class": ["torch.nn.modules.linear", "Linear"], "attrs": ..., "params": ...}
    {"ref": "g3"}  {"handle": "c7", "type": [...], "mro": [...], "callable": true}
    {"opaque": "TypeName", "text": "..."}

Numeric arrays travel as dtype, shape and base64 bytes (kinds b, i, u, f only; never objects).

Each kind of value is one :class:`Codec` subclass in :data:`CODECS`. The encoder picks the codec by
the value's exact type with one dictionary lookup (the common case), and only for an unknown type
asks each codec in turn whether it claims that type (subclasses: ``torch.Size``, a student's
``list`` subclass); the answer is remembered per type. A codec may still decline one value
(``NOT_PLAIN``, e.g. an array of strings, a module holding a notebook class): it then goes to the
side's fallback — in the child a handle (the object stays there), in the grader an ``Opaque``. A
new kind of value is one new class registered here.

Objects with identity (tensors, modules) carry a wire id from the sending side's
:class:`ObjectTable` (``g…`` for the grader, ``c…`` for the child). The first time such an object
appears in a message its full state is written, later only ``{"ref": id}``; so shared modules and
tied weights keep their identity, and a receiver that already knows the id updates its own object
in place (mirroring) instead of making a new one. Tensors changed on one side after they crossed
are carried by that side's next message (``ObjectTable.changed``), so both copies stay the same.

Everything here is used by both sides: the grader (``proxies``) and the sandboxed child (``serve``).
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
import types
import weakref
from collections import OrderedDict
from typing import Any

import numpy as np
import torch
from torch import nn

MAX_MESSAGE_BYTES = 256 * 2**20
DTYPES = {str(d).removeprefix("torch."): d for d in
          (torch.float16, torch.bfloat16, torch.float32, torch.float64,
           torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool)}
NOT_PLAIN = object()  # a codec's answer for a value it claims by type but cannot carry


class ChannelError(Exception):
    """The child died, timed out or answered nonsense during a call."""


class Opaque:
    """Something that cannot cross the channel; equal to nothing."""

    def __init__(self, type_name: str, text: str = ""):
        self.type_name, self.text = type_name, text

    def __eq__(self, other):
        return False

    __hash__ = object.__hash__

    def __repr__(self):
        return f"<{self.type_name} (not transferable)>"


def dumps(message: dict) -> bytes:
    return json.dumps(message, allow_nan=False).encode("utf-8")


def loads(raw: bytes) -> dict:
    message = json.loads(raw.decode("utf-8"))
    if not isinstance(message, dict):
        raise ChannelError("a channel message must be a JSON object")
    return message


# -- arrays ----------------------------------------------------------------------------------------


def array_data(array: np.ndarray) -> dict:
    """An array as plain data: dtype, shape and the raw bytes in base64 (never a pickle)."""
    array = np.asarray(array, order="C")  # not ascontiguousarray: it makes a 0-d array 1-d
    if array.dtype.kind not in "biuf":
        raise TypeError(f"arrays of dtype {array.dtype} cannot cross the channel")
    return {"dtype": array.dtype.str, "shape": list(array.shape),
            "bytes": base64.b64encode(array.tobytes()).decode("ascii")}


def array_from_data(data: dict) -> np.ndarray:
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in "biuf" or dtype.hasobject:
        raise ChannelError(f"arrays of dtype {dtype} cannot cross the channel")
    shape = tuple(int(n) for n in data["shape"])
    raw = base64.b64decode(data["bytes"])
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise ChannelError("an array's bytes do not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def tensor_array(tensor: torch.Tensor) -> np.ndarray:
    tensor = tensor.detach().cpu()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()
    return tensor.numpy()


# -- identity --------------------------------------------------------------------------------------


class ObjectTable:
    """The objects with identity that one side has sent or received, by wire id.

    Tensors and modules are held weakly: once nothing else on this side holds one, nobody can
    observe its identity any more, so its id is forgotten with it (the other side always sends an
    object's full state the first time it appears in a message, so nothing is lost). That keeps a
    long session small and makes ``id()`` reuse harmless. Handles (objects the child keeps for the
    grader) are held strongly for the whole session.

    For tensors the table also remembers a signature (version counter, storage, requires_grad and
    grad) at the moment they last crossed: ``changed`` lists the tensors this side has modified
    since, which the next message carries, so that both sides' copies stay the same even when the
    change came through an object that did not cross (an optimiser behind a handle stepping the
    parameters it holds).
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.count = 0
        self.ids: dict[int, str] = {}
        self.refs: dict[str, Any] = {}  # wire id -> weakref, or a holder of a kept object
        self.synced: dict[str, tuple] = {}  # wire id -> tensor signature when it last crossed

    def add(self, wire_id: str, obj, keep: bool = False) -> None:
        key = id(obj)
        self.ids[key] = wire_id
        if not keep:
            try:
                self.refs[wire_id] = weakref.ref(obj, self._forgetter(key, wire_id))
                return
            except TypeError:  # not weakly referenceable: keep it
                pass
        self.refs[wire_id] = _Kept(obj)

    def _forgetter(self, key: int, wire_id: str):
        def forget(ref):
            if self.ids.get(key) == wire_id:
                del self.ids[key]
            if self.refs.get(wire_id) is ref:
                del self.refs[wire_id]
                self.synced.pop(wire_id, None)
        return forget

    def wire_id(self, obj, keep: bool = False) -> str:
        wire_id = self.ids.get(id(obj))
        if wire_id is None:
            self.count += 1
            wire_id = f"{self.prefix}{self.count}"
            self.add(wire_id, obj, keep)
        elif keep and not isinstance(self.refs.get(wire_id), _Kept):
            self.refs[wire_id] = _Kept(obj)
        return wire_id

    def get(self, wire_id: str):
        ref = self.refs.get(wire_id)
        return None if ref is None else ref()

    def remember(self, wire_id: str, tensor: torch.Tensor) -> None:
        self.synced[wire_id] = tensor_signature(tensor)

    def changed(self) -> list[str]:
        """Tensors modified on this side since they last crossed."""
        found = []
        for wire_id, signature in list(self.synced.items()):
            tensor = self.get(wire_id)
            try:
                if tensor is not None and tensor_signature(tensor) != signature:
                    found.append(wire_id)
            except RuntimeError:  # no longer a plain CPU tensor: it crosses as what it is now
                found.append(wire_id)
        return found


class _Kept:
    """A strong reference with a weakref's interface."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __call__(self):
        return self.obj


def tensor_signature(tensor: torch.Tensor) -> tuple:
    """Changes with any in-place change, ``.data`` swap, requires_grad or grad change."""
    grad = tensor.grad if tensor.is_leaf else None
    return (tensor._version, tensor.data_ptr(), tensor.requires_grad,
            0 if grad is None else id(grad), -1 if grad is None else grad._version)


# -- codecs ----------------------------------------------------------------------------------------


class Codec:
    """One kind of wire value. Subclasses set ``tags`` (the first key of their JSON objects) and
    ``types`` (exact Python types they encode), and may claim more types in ``claims``."""

    tags: tuple[str, ...] = ()
    types: tuple[type, ...] = ()

    def claims(self, cls: type) -> bool:
        """Whether values of ``cls`` (a type with no exact entry) are this codec's."""
        return False

    def encode(self, obj, encoder: "Encoder"):
        raise NotImplementedError

    def decode(self, data: dict, decoder: "Decoder"):
        raise NotImplementedError


class Registry:
    """The codecs, by exact type (encoding) and by tag (decoding)."""

    def __init__(self):
        self.codecs: list[Codec] = []
        self.by_type: dict[type, Codec | None] = {}
        self.by_tag: dict[str, Codec] = {}

    def register(self, codec: Codec) -> Codec:
        self.codecs.append(codec)
        for cls in codec.types:
            self.by_type[cls] = codec
        for tag in codec.tags:
            self.by_tag[tag] = codec
        return codec

    def for_type(self, cls: type) -> Codec | None:
        """The codec for values of ``cls``: the exact entry, else the first codec that claims it
        (remembered). Checks go by the value's real type, which a class cannot fake (isinstance
        follows ``__class__``, which it can)."""
        try:
            return self.by_type[cls]
        except KeyError:
            codec = next((c for c in self.codecs if c.claims(cls)), None)
            self.by_type[cls] = codec
            return codec


CODECS = Registry()


def codec(cls):
    """Class decorator: register one instance of a codec class."""
    CODECS.register(cls())
    return cls


@codec
class PlainCodec(Codec):
    """None, bool, str and int: JSON has them (the encoder's fast path handles the exact types)."""

    types = (type(None), bool, str, int)

    def claims(self, cls):
        return issubclass(cls, (str, int)) and not issubclass(cls, (bool, np.generic))

    def encode(self, obj, encoder):
        # The base class's own conversion: a subclass's __str__ or __int__ is never called.
        return str.__str__(obj) if isinstance(obj, str) else int.__int__(obj)


@codec
class FloatCodec(Codec):
    """Python floats; NaN and infinities, which JSON lacks, as ``{"float": "nan"}``."""

    tags = ("float",)
    types = (float,)

    def claims(self, cls):
        return issubclass(cls, float)

    def encode(self, obj, encoder):
        value = float.__float__(obj)
        return value if np.isfinite(value) else {"float": repr(value)}

    def decode(self, data, decoder):
        return float(data["float"])


@codec
class NumpyScalarCodec(Codec):
    """NumPy scalars keep their type (``np.float32(1.5)`` comes back as an ``np.float32``)."""

    tags = ("numpy_scalar",)
    types = tuple({np.dtype(c).type for c in "?bhilqBHILQefdg"})

    def claims(self, cls):
        return issubclass(cls, (np.integer, np.floating, np.bool_))

    def encode(self, obj, encoder):
        return {"numpy_scalar": obj.dtype.str,
                "value": obj.item() if np.isfinite(obj) else repr(float(obj))}

    def decode(self, data, decoder):
        dtype = np.dtype(str(data["numpy_scalar"]))
        if dtype.kind not in "biuf":
            raise ChannelError("malformed NumPy scalar on the channel")
        return dtype.type(data["value"])


@codec
class SequenceCodec(Codec):
    """Lists and tuples (and their subclasses, such as ``torch.Size``, as plain ones)."""

    tags = ("list", "tuple")
    types = (list, tuple)

    def claims(self, cls):
        return issubclass(cls, (list, tuple))

    def encode(self, obj, encoder):
        if isinstance(obj, list):
            return {"list": [encoder.encode(x) for x in list.__iter__(obj)]}
        return {"tuple": [encoder.encode(x) for x in tuple.__iter__(obj)]}

    def decode(self, data, decoder):
        if "list" in data:
            return [decoder.decode(x) for x in _json_list(data["list"])]
        return tuple(decoder.decode(x) for x in _json_list(data["tuple"]))


@codec
class DictCodec(Codec):
    """Dicts with string keys (an ``OrderedDict``, such as a ``state_dict``, as a plain dict in
    the same order)."""

    tags = ("dict",)
    types = (dict, OrderedDict)

    def claims(self, cls):
        return issubclass(cls, dict)

    def encode(self, obj, encoder):
        # A subclass's own items() is never called: dict's, on the dict itself.
        items = list(obj.items() if type(obj) in self.types else dict.items(obj))
        if not all(type(k) is str for k, _ in items):
            return NOT_PLAIN
        return {"dict": {k: encoder.encode(v) for k, v in items}}

    def decode(self, data, decoder):
        items = data["dict"]
        if not isinstance(items, dict):
            raise ChannelError("malformed dict on the channel")
        return {str(k): decoder.decode(v) for k, v in items.items()}


@codec
class ArrayCodec(Codec):
    """NumPy arrays of booleans, integers and floats."""

    tags = ("ndarray",)
    types = (np.ndarray,)

    def claims(self, cls):
        return issubclass(cls, np.ndarray)

    def encode(self, obj, encoder):
        if obj.dtype.kind not in "biuf":
            return NOT_PLAIN
        return {"ndarray": array_data(obj)}

    def decode(self, data, decoder):
        return array_from_data(data["ndarray"])


@codec
class DtypeCodec(Codec):
    """``torch.float32`` and the other dtypes in ``DTYPES``."""

    tags = ("torch_dtype",)
    types = (torch.dtype,)

    def encode(self, obj, encoder):
        name = str(obj).removeprefix("torch.")
        return {"torch_dtype": name} if name in DTYPES else NOT_PLAIN

    def decode(self, data, decoder):
        name = data["torch_dtype"]
        if name not in DTYPES:
            raise ChannelError(f"unknown dtype {str(name)[:40]!r} on the channel")
        return DTYPES[name]


@codec
class RefCodec(Codec):
    """A later mention of an object with identity, in the same message."""

    tags = ("ref",)

    def decode(self, data, decoder):
        obj = decoder.table.get(data["ref"])
        if obj is None:
            raise ChannelError(f"unknown reference {str(data['ref'])[:40]!r}")
        return obj


@codec
class TensorCodec(Codec):
    """CPU tensors and ``nn.Parameter``s in full: dtype, values, requires_grad, is-a-Parameter and
    ``.grad`` (a tensor with its own identity, or absent for None).

    A non-leaf tensor crosses as its values (detached) with its requires_grad; it arrives as a
    leaf, without a grad. A view arrives as a tensor of its own (storage is not shared across).
    """

    tags = ("tensor",)
    types = (torch.Tensor, nn.Parameter)

    def claims(self, cls):
        return issubclass(cls, torch.Tensor)

    def encode(self, tensor, encoder):
        wire_id, first = encoder.identify(tensor)
        if not first:
            return {"ref": wire_id}
        if type(tensor) not in self.types:  # a subclass's __torch_function__ must not run here
            with torch._C.DisableTorchFunctionSubclass():
                return self._state(tensor, wire_id, encoder)
        return self._state(tensor, wire_id, encoder)

    def _state(self, tensor, wire_id, encoder):
        if tensor.device.type != "cpu" or str(tensor.dtype).removeprefix("torch.") not in DTYPES:
            return {"opaque": f"Tensor({tensor.dtype}, {tensor.device})", "text": ""}
        data = {"tensor": wire_id, "dtype": str(tensor.dtype).removeprefix("torch."),
                "parameter": isinstance(tensor, nn.Parameter),
                "requires_grad": bool(tensor.requires_grad),
                "data": array_data(tensor_array(tensor))}
        grad = tensor.grad if tensor.is_leaf else None
        if grad is not None:
            data["grad"] = encoder.encode(grad)
        encoder.table.remember(wire_id, tensor)
        return data

    def decode(self, data, decoder):
        wire_id = data["tensor"]
        dtype = DTYPES[data["dtype"]]
        value = torch.from_numpy(array_from_data(data["data"])).to(dtype)
        requires_grad = bool(data["requires_grad"])
        if requires_grad and not (dtype.is_floating_point or dtype.is_complex):
            raise ChannelError("an integer tensor cannot require grad")
        known = decoder.table.get(wire_id)
        if known is None or not isinstance(known, torch.Tensor):
            known = nn.Parameter(value, requires_grad=requires_grad) if data["parameter"] \
                else value.requires_grad_(requires_grad)
            decoder.note(wire_id, known)
        else:
            decoder.note(wire_id, known)
            with torch.no_grad():
                if known.dtype == value.dtype and known.shape == value.shape:
                    known.copy_(value)
                else:
                    known.data = value  # mirror a dtype or shape change the student made
            if known.is_leaf and known.requires_grad != requires_grad:
                known.requires_grad_(requires_grad)
        grad = decoder.decode(data["grad"]) if "grad" in data else None
        if grad is not None and not isinstance(grad, torch.Tensor):
            raise ChannelError("a tensor's grad must be a tensor")
        if known.is_leaf and (grad is not None or known.grad is not None):
            try:
                known.grad = grad
            except RuntimeError:  # a grad that no longer fits a changed dtype or shape
                known.grad = None
        decoder.table.remember(wire_id, known)
        return known


# -- torch's own classes and functions -------------------------------------------------------------

_TYPE_MODULE = type.__dict__["__module__"]
_TYPE_QUALNAME = type.__dict__["__qualname__"]
_TYPE_MRO = type.__dict__["__mro__"]


def class_path(cls: type) -> tuple[str, str]:
    """A class's (module, qualname) as the class itself has them: read through ``type``'s own
    descriptors, so that a metaclass cannot answer instead."""
    return str(_TYPE_MODULE.__get__(cls, type)), str(_TYPE_QUALNAME.__get__(cls, type))


_TYPE_DICT = type.__dict__["__dict__"]


def loaded_object(module: str, qualname: str):
    """What ``module.qualname`` names among the modules already imported, or None. Only module
    and class dictionaries are read: no import, no attribute hook."""
    holder = sys.modules.get(module)
    for part in qualname.split("."):
        if isinstance(holder, types.ModuleType):
            namespace = object.__getattribute__(holder, "__dict__")
        elif isinstance(holder, type):
            namespace = _TYPE_DICT.__get__(holder, type)
        else:
            return None
        holder = namespace.get(part)
    return holder


def class_names(cls: type) -> list[str]:
    """The qualified names of a class and its bases, in method resolution order. A class that
    claims a module it is not found in (a notebook class calling itself ``torch.nn.Linear``) is
    named as defined in ``__main__``."""
    names = []
    for base in _TYPE_MRO.__get__(cls, type):
        module, qualname = class_path(base)
        if loaded_object(module, qualname) is not base:
            module = "__main__"
        names.append(f"{module}.{qualname}")
    return names


_TORCH_CLASSES: dict[type, bool] = {}


def is_torch_class(cls: type) -> bool:
    """Defined in the ``torch`` package, and found there under its own name."""
    known = _TORCH_CLASSES.get(cls)
    if known is None:
        module, qualname = class_path(cls)
        known = (module == "torch" or module.startswith("torch.")) and \
            loaded_object(module, qualname) is cls
        _TORCH_CLASSES[cls] = known
    return known


def resolve_torch(module: str, qualname: str):
    """The object ``module.qualname`` inside the ``torch`` package (importing the module if it
    is not loaded yet: library code only), or raise ChannelError."""
    module, qualname = str(module), str(qualname)
    if not (module == "torch" or module.startswith("torch.")) or not qualname:
        raise ChannelError(f"{module}.{qualname} is not part of torch")
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise ChannelError(f"{module}.{qualname} does not exist") from None
    return obj


def torch_reference(obj) -> tuple[str, str] | None:
    """(module, name) under which torch publishes this function or class, or None."""
    if isinstance(obj, type):
        return class_path(obj) if is_torch_class(obj) else None
    module, name = getattr(obj, "__module__", None), getattr(obj, "__name__", None)
    if not (isinstance(module, str) and isinstance(name, str)):
        return None
    if (module == "torch" or module.startswith("torch.")) and loaded_object(module, name) is obj:
        return module, name
    return None


@codec
class TorchReferenceCodec(Codec):
    """A function or class of torch's own (``torch.tanh``, ``F.relu``, ``nn.Linear``), by name:
    the other side uses its own copy. Anything else of these types is not plain."""

    tags = ("torch_ref",)
    types = (types.FunctionType, types.BuiltinFunctionType, type)

    def claims(self, cls):
        return issubclass(cls, type)  # metaclasses: torch's Parameter has one

    def encode(self, obj, encoder):
        path = torch_reference(obj)
        return NOT_PLAIN if path is None else {"torch_ref": list(path)}

    def decode(self, data, decoder):
        module, name = data["torch_ref"]
        obj = resolve_torch(module, name)
        if not callable(obj):
            raise ChannelError(f"{module}.{name} is not a torch function or class")
        return obj


# -- modules ---------------------------------------------------------------------------------------

# What nn.Module.__init__ itself sets: module internals, carried field by field below.
MODULE_INTERNALS = frozenset(vars(nn.Module()))
_PLAIN_SCALARS = (type(None), bool, int, float, str, torch.dtype)


def plain_value(value, memo: dict) -> bool:
    """Whether a module's attribute can cross as data: scalars, strings, dtypes, tensors, torch
    functions and classes, by-value modules, and lists, tuples and string-keyed dicts of these."""
    cls = type(value)
    if cls in _PLAIN_SCALARS or issubclass(cls, (torch.Tensor, np.generic)):
        return True
    if issubclass(cls, (list, tuple)):
        items = list.__iter__(value) if issubclass(cls, list) else tuple.__iter__(value)
        return all(plain_value(v, memo) for v in items)
    if cls is dict:
        return all(type(k) is str and plain_value(v, memo) for k, v in value.items())
    if issubclass(cls, nn.Module):
        return module_by_value(value, memo)
    if issubclass(cls, (types.FunctionType, types.BuiltinFunctionType, type)):
        return torch_reference(value) is not None
    return False


def module_by_value(module: nn.Module, memo: dict) -> bool:
    """A module crosses by value when it and every module in it is of a torch class and holds
    only plain data; any other module (a student's subclass, or a torch module holding one)
    stays where it is, behind a handle."""
    key = id(module)
    if key not in memo:
        if not is_torch_class(type(module)):  # first: a notebook class's __dict__ is not read
            memo[key] = False
            return False
        memo[key] = True  # while walking: a module that contains itself
        state = vars(module)
        memo[key] = (
            all(plain_value(v, memo) for k, v in state.items() if k not in MODULE_INTERNALS)
            and all(v is None or issubclass(type(v), torch.Tensor)
                    for field in ("_parameters", "_buffers") for v in state[field].values())
            and all(v is None or (issubclass(type(v), nn.Module) and module_by_value(v, memo))
                    for v in state["_modules"].values()))
    return memo[key]


_MODULE_CLASSES: dict[tuple, type] = {}


def module_class(module: str, qualname: str) -> type:
    """The torch module class named on the wire; never anything outside torch."""
    key = (module, qualname)
    if key not in _MODULE_CLASSES:
        cls = resolve_torch(module, qualname)
        if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
            raise ChannelError(f"{module}.{qualname} is not a torch module class")
        _MODULE_CLASSES[key] = cls
    return _MODULE_CLASSES[key]


@codec
class ModuleCodec(Codec):
    """Any module of torch's own classes, by value: its class, the plain attributes of its
    ``__dict__`` (in_features, kernel_size, eps, ...), ``training``, parameters, buffers, children
    and how many forward and forward-pre hooks it has (the hooks themselves do not cross: the
    receiver holds as many that do nothing).

    The receiver rebuilds it without running the class's ``__init__`` (so without a random
    initialisation): ``cls.__new__(cls)``, ``nn.Module.__init__``, then the state. The class must
    be found in the ``torch`` package under the name sent. A module that already has a wire id on
    the receiving side is updated in place, so identity and sharing are kept."""

    tags = ("module",)

    def claims(self, cls):
        return issubclass(cls, nn.Module)

    def encode(self, module, encoder):
        if not module_by_value(module, encoder.memo):
            return NOT_PLAIN
        wire_id, first = encoder.identify(module)
        if not first:
            return {"ref": wire_id}
        state = vars(module)
        return {"module": wire_id, "class": list(class_path(type(module))),
                "attrs": {k: encoder.encode(v) for k, v in state.items()
                          if k not in MODULE_INTERNALS},
                "training": bool(state["training"]),
                "params": {k: encoder.encode(v) for k, v in state["_parameters"].items()},
                "buffers": {k: encoder.encode(v) for k, v in state["_buffers"].items()},
                "non_persistent": sorted(state["_non_persistent_buffers_set"]),
                "children": {k: encoder.encode(v) for k, v in state["_modules"].items()},
                "forward_hooks": len(state["_forward_hooks"]),
                "forward_pre_hooks": len(state["_forward_pre_hooks"])}

    def decode(self, data, decoder):
        wire_id = data["module"]
        cls = module_class(*data["class"])
        known = decoder.table.get(wire_id)
        if type(known) is not cls:
            known = cls.__new__(cls)
            nn.Module.__init__(known)
        decoder.note(wire_id, known)
        state = known.__dict__
        for name, value in data["attrs"].items():
            if isinstance(name, str) and name not in MODULE_INTERNALS:
                state[name] = decoder.decode(value)
        state["training"] = bool(data["training"])
        for field, kind in (("params", torch.Tensor), ("buffers", torch.Tensor),
                            ("children", nn.Module)):
            values = {str(k): decoder.decode(v) for k, v in data[field].items()}
            if not all(v is None or isinstance(v, kind) for v in values.values()):
                raise ChannelError(f"a module's {field} hold something else")
            target = state[{"params": "_parameters", "buffers": "_buffers",
                            "children": "_modules"}[field]]
            target.clear()
            target.update(values)
        state["_non_persistent_buffers_set"] = {str(n) for n in data["non_persistent"]}
        set_hook_count(known._forward_hooks, data["forward_hooks"], known.register_forward_hook)
        set_hook_count(known._forward_pre_hooks, data["forward_pre_hooks"],
                       known.register_forward_pre_hook)
        return known


def _noop_hook(*args):
    return None


def set_hook_count(hooks: dict, count: int, register) -> None:
    """Make a receiver's module carry as many hooks as the sender's: tests look at the count."""
    if len(hooks) == count:
        return
    hooks.clear()
    for _ in range(min(int(count), 10_000)):
        register(_noop_hook)


# -- what stays on its side ------------------------------------------------------------------------


@codec
class HandleCodec(Codec):
    """An object that stays in the child: the child sends its wire id, its class (module and
    qualified name), the names of its classes in method resolution order and whether it is
    callable; the grader sends back only the id. Encoding a handle runs none of the object's code.
    The grader's side registers how it encodes its stand-ins (``proxies.RemoteObject``)."""

    tags = ("handle",)

    def decode(self, data, decoder):
        if decoder.handle is None:
            raise ChannelError("this side does not take handles")
        return decoder.handle(data)


def handle_data(obj, table: ObjectTable) -> dict:
    """The child's fallback: keep the object, send a handle to it."""
    cls = type(obj)
    return {"handle": table.wire_id(obj, keep=True), "type": list(class_path(cls)),
            "mro": class_names(cls), "callable": callable(obj)}


@codec
class OpaqueCodec(Codec):
    """What the grader cannot send: it arrives as an :class:`Opaque` that equals nothing."""

    tags = ("opaque",)
    types = (Opaque,)

    def encode(self, obj, encoder):
        return {"opaque": obj.type_name, "text": obj.text}

    def decode(self, data, decoder):
        return Opaque(str(data["opaque"]), str(data.get("text", "")))


def _json_list(value) -> list:
    if not isinstance(value, list):
        raise ChannelError("malformed list on the channel")
    return value


def short_repr(obj) -> str:
    try:
        return repr(obj)[:200]
    except Exception:
        return ""


def opaque_data(obj, table: ObjectTable) -> dict:
    """The grader's fallback: a stand-in that equals nothing (the child never runs grader code)."""
    return {"opaque": type(obj).__name__, "text": short_repr(obj)}


# -- encoder and decoder ---------------------------------------------------------------------------

_JSON_SCALARS = (type(None), bool, str, int)


class Encoder:
    """Turns objects into plain data for one message.

    ``side`` is "grader" or "child"; ``fallback(obj, table)`` encodes what no codec carries (the
    grader: an :class:`Opaque`; the child: a handle).
    """

    def __init__(self, table: ObjectTable, registry: Registry = CODECS, fallback=opaque_data,
                 side: str = "grader"):
        self.table, self.registry, self.fallback, self.side = table, registry, fallback, side
        self.written: set[str] = set()
        self.memo: dict[int, bool] = {}  # module id -> crosses by value

    def identify(self, obj) -> tuple[str, bool]:
        """The object's wire id, and whether this is its first appearance in the message."""
        wire_id = self.table.wire_id(obj)
        first = wire_id not in self.written
        self.written.add(wire_id)
        return wire_id, first

    def encode(self, obj):
        cls = type(obj)
        if cls in _JSON_SCALARS:
            return obj
        codec_ = self.registry.for_type(cls)
        data = NOT_PLAIN if codec_ is None else codec_.encode(obj, self)
        return self.fallback(obj, self.table) if data is NOT_PLAIN else data

    def changed(self) -> list:
        """The full state of every tensor changed on this side since it last crossed, unless this
        message already carries it."""
        return [self.encode(self.table.get(w)) for w in self.table.changed()
                if w not in self.written]


class Decoder:
    """Turns plain data back into objects.

    A known wire id is mapped to the object this side already has; when the data carries that
    object's full state, the object is updated in place to match it (mirroring). ``handle(data)``
    turns a handle into this side's object (the grader: a stand-in; the child: the kept object).
    """

    def __init__(self, table: ObjectTable, registry: Registry = CODECS, handle=None):
        self.table, self.registry, self.handle = table, registry, handle
        self.touched: list[str] = []  # wire ids whose state this message carried

    def note(self, wire_id: str, obj) -> None:
        if self.table.get(wire_id) is not obj:
            self.table.add(wire_id, obj)
        self.touched.append(wire_id)

    def decode(self, data):
        if type(data) in _JSON_SCALARS or type(data) is float:
            return data
        if type(data) is not dict or not data:
            raise ChannelError(f"malformed value on the channel: {str(data)[:80]}")
        tag = next(iter(data))
        codec_ = self.registry.by_tag.get(tag)
        if codec_ is None:
            raise ChannelError(f"malformed value on the channel: {str(data)[:80]}")
        try:
            return codec_.decode(data, self)
        except (KeyError, TypeError, ValueError, AttributeError, RuntimeError) as error:
            raise ChannelError(f"malformed {tag} on the channel: {type(error).__name__}: "
                               f"{str(error)[:200]}") from None
