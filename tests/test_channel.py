"""The narrow channel: a student's function called from the grader behaves as if local."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from autograder import channel, checks, wire
from autograder.sandbox import Limits, Sandbox

STUDENT = '''
import numpy as np
import torch
from torch import nn

def fill_(t, value):
    with torch.no_grad():
        t.fill_(value)
    return t

def to_float64_(t):
    t.data = t.data.double()
    return t

def new_tensor(t):
    return t.clone() + 1

def first_linear(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)][0]

def leave_hook(model):
    model.register_forward_hook(lambda *a: None)
    return None

def replace_weight(layer):
    layer.weight = nn.Parameter(torch.ones(2, 2))
    return layer

def raise_value_error():
    raise ValueError("bad input")

def raise_system_exit():
    raise SystemExit(3)

def scalars():
    return torch.tensor(2.5), np.array(3.0), torch.tensor(True)

def numpy_things():
    return [np.float32(1.5), np.float64(2.5), 3, 4.0, "s", None, (1, 2), {"k": np.arange(3)}]

def weird():
    return object()

def uses_init(t):
    from torch.nn.init import uniform_ as sneaky
    return sneaky(t)

def random_values():
    return [float(torch.rand(1)), float(np.random.rand()), __import__("random").random()]
'''


@pytest.fixture(scope="module")
def remote():
    with Sandbox([STUDENT], Limits(timeout=60)) as box:
        box.run_notebook()
        yield {name: box.session.function(name) for name in box.session.names()}


def test_in_place_change_is_mirrored(remote):
    t = nn.Parameter(torch.zeros(3, 4))
    out = remote["fill_"](t, 2.5)
    assert out is t and isinstance(t, nn.Parameter) and t.requires_grad
    assert torch.equal(t.detach(), torch.full((3, 4), 2.5))


def test_dtype_change_is_mirrored(remote):
    t = torch.zeros(2, 2)
    assert remote["to_float64_"](t) is t
    assert t.dtype == torch.float64


def test_new_object_is_not_the_argument(remote):
    t = torch.zeros(2)
    out = remote["new_tensor"](t)
    assert out is not t and torch.equal(out, torch.ones(2))


def test_module_identity_and_sharing(remote):
    shared = nn.Linear(2, 2)
    model = nn.Sequential(nn.ReLU(), nn.Sequential(shared), shared)
    assert remote["first_linear"](model) is shared
    assert model[1][0] is model[2] is shared


def test_hooks_left_behind_are_visible(remote):
    model = nn.Sequential(nn.Linear(2, 2))
    remote["leave_hook"](model)
    assert len(model._forward_hooks) == 1


def test_replaced_parameter_arrives_as_a_new_parameter(remote):
    layer = nn.Linear(2, 2)
    old = layer.weight
    assert remote["replace_weight"](layer) is layer
    assert layer.weight is not old and torch.equal(layer.weight.detach(), torch.ones(2, 2))


def test_zero_dimensional_values_keep_their_shape(remote):
    tensor, array, flag = remote["scalars"]()
    assert tensor.shape == () and float(tensor) == 2.5
    assert array.shape == () and flag.dtype == torch.bool and flag.shape == ()
    t = torch.tensor(1.0, requires_grad=True)
    assert remote["fill_"](t, 4.0) is t and t.shape == () and float(t) == 4.0


def test_exceptions_keep_builtin_types(remote):
    with pytest.raises(ValueError, match="bad input"):
        remote["raise_value_error"]()
    with pytest.raises(channel.StudentException) as info:
        remote["raise_system_exit"]()
    assert info.value.remote_type == "SystemExit"


def test_plain_values_round_trip_faithfully(remote):
    values = remote["numpy_things"]()
    assert type(values[0]) is np.float32 and type(values[1]) is np.float64
    assert values[2:7] == [3, 4.0, "s", None, (1, 2)]
    assert np.array_equal(values[7]["k"], np.arange(3))


def test_other_objects_arrive_as_handles(remote):
    value = remote["weird"]()
    assert isinstance(value, channel.RemoteObject) and value.remote_type == ("builtins", "object")
    assert value == value and value != remote["weird"]()  # identity, never the object's __eq__


def test_watch_sees_aliased_calls_in_the_child(remote):
    with checks.forbid_calls("torch.nn.init") as watch:
        remote["uses_init"](torch.zeros(3, 3))
    assert "uniform_" in watch.calls


def test_seeds_reach_the_child(remote):
    channel.seed_everything(7)
    first = remote["random_values"]()
    channel.seed_everything(7)
    assert remote["random_values"]() == first


def test_messages_are_json_never_pickles():
    message = wire.dumps({"x": wire.Encoder(wire.ObjectTable("g")).encode(torch.arange(4.0))})
    assert message.startswith(b"{") and b"pickle" not in message
    with pytest.raises(TypeError):  # an object array cannot cross at all
        wire.array_data(np.array([{"a": 1}], dtype=object))
    for dtype in ("|O", "<V8", "|S3"):
        with pytest.raises(channel.ChannelError):
            wire.Decoder(wire.ObjectTable("g")).decode(
                {"ndarray": {"dtype": dtype, "shape": [1], "bytes": "AAAAAAAAAAA="}})
    with pytest.raises(channel.ChannelError):  # bytes that do not fit the shape
        wire.Decoder(wire.ObjectTable("g")).decode(
            {"ndarray": {"dtype": "<f4", "shape": [1000], "bytes": "AAAAAA=="}})
