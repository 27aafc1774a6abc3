"""Hostile answers to the `modules` assignment, graded through the sandbox.

The assignment's tests reach objects that stay in the submission's process (instances of the
student's class, models built by its helper module) and call a training function with a CPU-time
budget. Each entry below attacks one of those surfaces; it is the released solution with one
extra cell, graded as a submission. The attacked question must lose its points with a clear
reason, and every other question must keep full marks.

These entries are not in the catalogue (tests/catalogue/modules/) because the catalogue is also
graded in process, where there is no sandbox: a patched helper would stay patched in the grading
process, and an endless loop would never return.
"""

from __future__ import annotations

import pytest

from autograder import release
from autograder.grading import Assignment, grade_in_sandbox
from autograder.sandbox import read_notebook_cells

NAME = "modules"
SEED = 4242

HOSTILE = {
    # A class that answers `hidden` and `out` from __getattr__ with layers its forward never uses.
    "getattr lies": dict(question="q1", expect="the registered parameters must be exactly", code='''
import torch
from torch import nn

class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))
        self.sizes = (n_in, n_hidden, n_out)

    def __getattr__(self, name):
        if name == "hidden":
            return nn.Linear(self.sizes[0], self.sizes[1])
        if name == "out":
            return nn.Linear(self.sizes[1], self.sizes[2])
        return super().__getattr__(name)

    def forward(self, x):
        return self.body(x)
'''),
    # forward returns an object that equals everything and claims the expected shape.
    "eq lies": dict(question="q1", expect="forward must return a tensor", code='''
import torch
from torch import nn

class Anything:
    def __init__(self, shape):
        self.shape = shape
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = object.__hash__

class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return Anything(torch.Size([x.shape[0], self.out.out_features]))
'''),
    # forward returns a tensor subclass for which every comparison says "equal".
    "tensor subclass lies": dict(question="q1", expect=("forward(x) is not out(tanh(hidden(x)))",
                                                        "forward must return a tensor"), code='''
import torch
from torch import nn

class AlwaysClose(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in (torch.allclose, torch.equal, torch.isclose):
            return True
        return super().__torch_function__(func, types, args, kwargs or {})

class TwoLayerNet(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return torch.zeros(x.shape[0], self.out.out_features).as_subclass(AlwaysClose)
'''),
    # Shares tensors, and patches the helpers that would see it from inside the graded call.
    "patches a helper during the call": dict(
        question="q3", expect="after the copy seq and net share memory",
        flags=["patched: helpers.shares_storage"], code='''
import helpers

def copy_into_sequential_(seq, net):
    helpers.shares_storage = lambda a, b: False
    helpers.ParameterSnapshot.kept = lambda self, module: True
    seq[0].weight, seq[0].bias = net.hidden.weight, net.hidden.bias
    seq[2].weight, seq[2].bias = net.out.weight, net.out.bias
    return seq
'''),
    # Trains nothing, and patches the accuracy helper in a cell before the tests.
    "patches a helper in a cell": dict(
        question="q6", expect="the accuracy on held-out data is",
        flags=["patched: helpers.accuracy"], code='''
import helpers

helpers.accuracy = lambda model, x, y: 1.0

def train_classifier(model, x, y, epochs, lr):
    return [0.5] * epochs
'''),
    # Never returns: the CPU budget of the call stops it; the other questions are still graded.
    "training never returns": dict(
        question="q6", expect="`train_classifier` used more than 2 s of CPU time", code='''
def train_classifier(model, x, y, epochs, lr):
    total = 0
    while True:
        total += 1
'''),
    # Sleeps: no CPU time passes, so only the submission's wall-clock limit ends it. The status is
    # `timeout`; the questions graded before it (q1-q5: q6 is the last one graded) keep their points.
    "training sleeps": dict(
        question="q6", expect="the submission's process stopped answering", status="timeout",
        code='''
import time

def train_classifier(model, x, y, epochs, lr):
    time.sleep(10**6)
'''),
}


@pytest.fixture(scope="module")
def graded_setup(tmp_path_factory):
    """The assignment released on its own (the other assignments are not needed here)."""
    paths = release.release(NAME, student_root=tmp_path_factory.mktemp("assignments"), quiet=True)
    return Assignment.load(NAME), read_notebook_cells(str(paths["solution"]))


@pytest.mark.parametrize("entry", sorted(HOSTILE))
def test_hostile_answer_loses_only_its_question(entry, graded_setup):
    assignment, solution_cells = graded_setup
    spec = HOSTILE[entry]
    # The solution's own cells run first; the hostile cell redefines the function last.
    grade = grade_in_sandbox(assignment, solution_cells + [spec["code"]], seed=SEED)
    assert grade.status == spec.get("status", "graded"), grade.reason
    by_name = {q.name: q for q in grade.questions}
    attacked = by_name[spec["question"]]
    assert attacked.points < attacked.possible, f"{entry}: not caught"
    messages = [c.message for c in attacked.cases if not c.passed]
    expected = spec["expect"] if isinstance(spec["expect"], tuple) else (spec["expect"],)
    assert any(e in m for e in expected for m in messages), f"{entry}: {messages}"
    others = {q.name: (q.points, q.possible) for q in grade.questions
              if q.name != spec["question"] and not q.manual and q.points != q.possible}
    assert not others, f"{entry}: other questions lost points: {others}"
    for flag in spec.get("flags", []):
        assert any(flag in f for f in grade.flags), f"{entry}: flags {grade.flags}"
