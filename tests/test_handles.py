"""Objects that live in the sandbox, tensors in full, any torch module by value, helper modules,
CPU budgets and forbidden packages: what the channel offers hidden tests beyond plain calls."""

from __future__ import annotations

import time

import pytest
import torch
from torch import nn

from autograder import channel, checks, wire
from autograder.sandbox import Limits, Sandbox

HELPERS = '''
import torch
from torch import nn

WATCHED = {"torch.nn.functional": ["relu"]}


def double(x):
    return 2 * x


def line(n, seed):
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=generator)
    return x, 3 * x + 1


class Recorder:
    def __init__(self, fill):
        self.fill, self.calls = fill, []

    def __call__(self, tensor):
        with torch.no_grad():
            tensor.fill_(self.fill)
        self.calls.append(tensor)


class Counter:
    def __init__(self):
        self.calls = []

    def __call__(self, tensor):
        self.calls.append(tensor)
        return tensor.sum().item()
'''

STUDENT = '''
import signal
import time

import helpers
import numpy as np
import torch
from torch import nn


class TwoLayer(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is not None:
                v.mul_(momentum).add_(p.grad)
                p -= lr * v


def backward_on(x):
    (x ** 2).sum().backward()


def identity(x):
    return x


def to_eval(model):
    model.eval()
    return model


def wrap(model):
    return nn.Sequential(model, TwoLayer(2, 2, 1))


def use_probe(model, init):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            init(m.weight)
    return model


def apply_to(function, value):
    return function(value)


def train(model, x, y, epochs, lr):
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        optimiser.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        optimiser.step()
    return losses


def spin():
    while True:
        pass


def spin_and_swallow():
    deadline = time.process_time() + 1.5
    while time.process_time() < deadline:
        try:
            while True:
                pass
        except BaseException:
            pass
    return "survived"


def steals_the_timer():
    signal.signal(signal.SIGPROF, signal.SIG_IGN)
    return "ok"


def quick():
    return 1


def fake_budget_error():
    from autograder.serve import CpuBudgetExceeded
    raise CpuBudgetExceeded()


class Liar:
    def __getattr__(self, name):
        return 42

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __len__(self):
        return 3

    def __iter__(self):
        return iter([1, 2, 3])


def liar():
    return Liar()


class FakeLinear:
    __module__ = "torch.nn.modules.linear"
    __qualname__ = "Linear"


def fake_linear():
    return FakeLinear()


def patch_helper(x):
    helpers.double = lambda x: 0
    return x


class Saboteur:
    def run(self, x):
        helpers.line = lambda n, seed: (torch.zeros(n, 1), torch.zeros(n, 1))
        helpers.Counter.__call__ = lambda self, tensor: 0.0
        return x


def uses_optim(params):
    torch.optim.SGD(params, lr=0.1).step()


def relu_twice(x):
    return torch.nn.functional.relu(torch.nn.functional.relu(x))


def make_sequential():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ConvTranspose2d(1, 2, 3),
                         nn.GELU(approximate="tanh"), nn.Dropout(0.3))


def self_list():
    items = []
    items.append(items)
    return items
'''


@pytest.fixture(scope="module")
def box():
    with Sandbox([STUDENT], Limits(timeout=120), helpers=HELPERS) as sandbox:
        execution = sandbox.run_notebook()
        assert execution.errors == [], execution.errors
        checks.use_helpers(channel.load_helpers(HELPERS), session=sandbox.session)
        yield sandbox
        checks.use_helpers(None)


@pytest.fixture(scope="module")
def remote(box):
    return {name: box.session.function(name) for name in box.session.names()}


# -- tensors in full -------------------------------------------------------------------------------


def test_grads_cross_both_ways_and_identity_is_kept(remote):
    params = [torch.randn(3, requires_grad=True) for _ in range(2)]
    params[0].grad = torch.randn(3)
    grad = params[0].grad
    state = [torch.zeros(3) for _ in params]
    expected = params[0].detach() - 0.1 * (0.9 * 0 + grad)
    assert remote["momentum_step_"](params, state, 0.1) is None
    assert torch.allclose(params[0].detach(), expected)
    assert params[0].grad is grad and params[1].grad is None
    assert torch.equal(state[0], grad) and torch.equal(state[1], torch.zeros(3))
    assert all(p.requires_grad and p.is_leaf for p in params)


def test_a_grad_made_in_the_child_comes_back(remote):
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    remote["backward_on"](x)
    assert torch.equal(x.grad, torch.tensor([2.0, -4.0]))


def test_a_parameter_with_a_grad_round_trips(remote):
    weight = nn.Parameter(torch.ones(2, 2))
    weight.grad = torch.full((2, 2), 0.5)
    back = remote["identity"](weight)
    assert back is weight and isinstance(back, nn.Parameter)
    assert torch.equal(back.grad, torch.full((2, 2), 0.5))


# -- modules ---------------------------------------------------------------------------------------


def test_any_torch_module_crosses_by_value(remote):
    model = remote["make_sequential"]()
    assert isinstance(model, nn.Sequential)
    assert [type(m).__name__ for m in model] == ["Linear", "BatchNorm1d", "ConvTranspose2d",
                                                 "GELU", "Dropout"]
    assert model[3].approximate == "tanh" and model[4].p == 0.3
    assert model[1].running_mean.shape == (4,) and "1.running_var" in model.state_dict()
    assert model[2].kernel_size == (3, 3) and model[2].weight.shape == (1, 2, 3, 3)
    model[0](torch.zeros(2, 3))  # rebuilt without __init__, and still works


def test_training_flag_and_identity_are_mirrored(remote):
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout())
    assert remote["to_eval"](model) is model
    assert not model.training and not model[1].training


def test_a_module_holding_a_student_module_stays_behind_a_handle(remote):
    wrapped = remote["wrap"](nn.Linear(2, 2))
    assert isinstance(wrapped, channel.RemoteObject)
    assert checks.is_instance(wrapped, "torch.nn.Sequential")
    assert len(wrapped) == 2 and isinstance(wrapped[0], nn.Linear)
    assert checks.type_name(wrapped[1]) == "TwoLayer"


# -- handles ---------------------------------------------------------------------------------------


def test_a_student_class_builds_a_handle_with_methods_and_attributes(remote):
    checks.seed_everything(0)
    net = remote["TwoLayer"](2, 8, 1)
    assert isinstance(net, channel.RemoteObject) and checks.type_name(net) == "TwoLayer"
    assert checks.is_instance(net, "torch.nn.Module") and checks.is_instance(net, "TwoLayer")
    assert not checks.is_instance(net, "torch.optim.Optimizer")
    assert isinstance(net.hidden, nn.Linear) and net.hidden.in_features == 2
    x = torch.randn(5, 2)
    out = net(x)
    assert out.shape == (5, 1) and torch.allclose(out, net.forward(x))
    state = net.state_dict()
    assert sorted(state) == ["hidden.bias", "hidden.weight", "out.bias", "out.weight"]
    params = checks.parameters(net)
    assert [p.shape for p in params] == [(8, 2), (8,), (1, 8), (1,)]
    assert net.hidden.weight is params[0]  # the same child tensor is the same grader tensor


def test_a_handle_passed_back_is_the_child_object(remote):
    checks.seed_everything(1)
    net = remote["TwoLayer"](1, 8, 1)
    x, y = checks.local_helpers().line(64, seed=3)
    losses = remote["train"](net, x, y, 50, 0.1)
    assert len(losses) == 50 and losses[-1] < losses[0]
    assert net.training is True
    net.training = False  # setattr is a request too
    assert net.training is False


def test_a_torch_object_built_in_the_child_steps_the_grader_tensors(remote):
    params = [torch.ones(3, requires_grad=True)]
    params[0].grad = torch.ones(3)
    optimiser = checks.torch_class("torch.optim.SGD")(params, lr=0.5)
    assert checks.is_instance(optimiser, "torch.optim.Optimizer")
    optimiser.step()
    assert torch.allclose(params[0].detach(), torch.full((3,), 0.5))
    params[0].grad = torch.full((3,), 2.0)  # changed here: the next request carries it
    optimiser.step()
    assert torch.allclose(params[0].detach(), torch.full((3,), -0.5))


def test_a_lying_class_cannot_lie_to_the_grader(remote):
    liar = remote["liar"]()
    assert liar != 1 and not (liar == remote["liar"]())  # identity, never its __eq__
    assert liar.anything == 42  # an attribute read is the child's answer, a plain value
    assert len(liar) == 3 and list(liar) == [1, 2, 3]
    assert checks.type_name(liar) == "Liar" and not checks.is_instance(liar, "torch.nn.Module")
    fake = remote["fake_linear"]()
    assert isinstance(fake, channel.RemoteObject)  # not rebuilt as a real nn.Linear
    assert fake.remote_type == ("torch.nn.modules.linear", "Linear")
    assert not checks.is_instance(fake, "torch.nn.Linear")
    assert fake.remote_mro[0] == "__main__.Linear"


def test_a_value_that_cannot_be_encoded_fails_the_call_not_the_session(remote):
    with pytest.raises(TypeError, match="cannot cross"):
        remote["self_list"]()
    assert remote["quick"]() == 1


# -- helpers ---------------------------------------------------------------------------------------


def test_helpers_run_in_the_child_and_pass_as_callbacks(remote):
    h = checks.helpers()
    assert isinstance(h, channel.RemoteObject)
    assert h.double(21) == 42
    assert remote["apply_to"](h.double, 5) == 10  # the child's own helper runs
    counter = h.Counter()
    weight = torch.ones(2, 2)
    assert remote["apply_to"](counter, weight) == 4.0
    assert counter.calls[0] is weight  # what the child's probe saw is the grader's tensor


def test_a_probe_sees_the_graders_own_tensors(remote):
    model = nn.Sequential(nn.Linear(3, 3), nn.Sequential(nn.Linear(3, 2)), nn.Conv2d(1, 1, 2))
    probe = checks.helpers().Recorder(0.25)
    assert remote["use_probe"](model, probe) is model
    assert [id(t) for t in probe.calls] == [id(model[0].weight), id(model[1][0].weight)]
    assert bool((model[1][0].weight == 0.25).all())


def test_a_patched_helper_is_put_back_and_flagged(box, remote):
    h = checks.helpers()
    remote["patch_helper"](1)
    assert "helpers.double" in box.session.patched
    assert h.double(2) == 4


def test_a_method_that_patches_helpers_is_flagged_and_undone(box, remote):
    saboteur = remote["Saboteur"]()
    assert saboteur.run(7) == 7
    assert {"helpers.line", "helpers.Counter.__call__"} <= box.session.patched
    x, y = checks.helpers().line(4, seed=0)
    assert torch.allclose(y, 3 * x + 1)
    assert remote["apply_to"](checks.helpers().Counter(), torch.ones(3)) == 3.0


def test_helper_watch_list_includes_its_classes_and_extra_names():
    from autograder import warmup

    watched = warmup.helper_watch_list(channel.load_helpers(HELPERS))
    assert watched["helpers"] == ["Counter", "Recorder", "double", "line"]
    assert watched["helpers.Counter"] == ["__init__", "__call__"]
    assert watched["torch.nn.functional"] == ["relu"]


# -- budgets and forbidden packages ----------------------------------------------------------------


def test_a_call_over_its_cpu_budget_fails_and_the_next_call_works(remote):
    started = time.monotonic()
    with pytest.raises(checks.CheckFailed, match="used more than 0.5 s of CPU time"):
        checks.call(remote["spin"], cpu_seconds=0.5)
    assert time.monotonic() - started < 10
    assert remote["quick"]() == 1
    assert checks.call(remote["quick"], cpu_seconds=2) == 1


def test_a_budget_is_enforced_even_when_the_student_catches_it_once(remote):
    with pytest.raises(checks.CheckFailed, match="CPU time"):
        checks.call(remote["spin_and_swallow"], cpu_seconds=0.3)
    assert remote["quick"]() == 1


def test_the_budget_exception_raised_without_a_budget_is_just_an_exception(remote):
    with pytest.raises(channel.StudentException) as info:
        remote["fake_budget_error"]()
    assert info.value.remote_type == "CpuBudgetExceeded"
    assert remote["quick"]() == 1


def test_a_budget_works_in_process():
    with pytest.raises(checks.CheckFailed, match="`busy` used more than 0.05 s"):
        def busy():
            deadline = time.process_time() + 0.2
            while time.process_time() < deadline:
                pass
        checks.call(busy, cpu_seconds=0.05)


def test_forbidden_packages_are_watched_by_folder(remote):
    with checks.forbid_calls("torch.optim") as watch:
        remote["uses_optim"]([torch.zeros(2, requires_grad=True)])
    assert "step" in watch.calls
    with checks.forbid_calls("torch.optim") as watch:
        remote["identity"](torch.zeros(2))
    assert watch.calls == []


def test_in_process_watch_of_a_package():
    with checks.forbid_calls("torch.optim") as watch:
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    assert "__init__" in watch.calls


# -- wire ------------------------------------------------------------------------------------------


def test_module_classes_outside_torch_are_never_rebuilt():
    decoder = wire.Decoder(wire.ObjectTable("g"))
    for module, name in (("os", "system"), ("builtins", "eval"), ("torch", "load"),
                         ("torch.nn", "functional")):
        with pytest.raises(wire.ChannelError):
            decoder.decode({"module": "c1", "class": [module, name], "attrs": {},
                            "training": True, "params": {}, "buffers": {}, "non_persistent": [],
                            "children": {}, "forward_hooks": 0, "forward_pre_hooks": 0})


def test_torch_references_cross_by_name():
    encoder = wire.Encoder(wire.ObjectTable("g"))
    decoder = wire.Decoder(wire.ObjectTable("c"))
    for obj in (torch.tanh, torch.nn.functional.relu, nn.Linear, torch.optim.Adam):
        assert decoder.decode(encoder.encode(obj)) is obj
    assert isinstance(wire.Decoder(wire.ObjectTable("c")).decode(
        encoder.encode(lambda x: x)), wire.Opaque)
    with pytest.raises(wire.ChannelError):
        decoder.decode({"torch_ref": ["os", "system"]})


def test_unused_objects_are_forgotten():
    table = wire.ObjectTable("g")
    encoder = wire.Encoder(table)
    encoder.encode(torch.zeros(2))
    assert table.refs == {} and table.synced == {}
