"""Public helpers of the `modules` assignment (nn.Sequential and nn.Module).

Students may import this module: the notebook uses `two_moons` for its data. The hidden tests reach
it through `checks.helpers()`; in the kit's sandbox its functions run in the submission's process,
next to the student's objects, and only their plain results (numbers, tensors, dicts of tensors)
come back. That is why the tests build their probe models here: an instance of a class defined in
this module stays in the submission's process behind a handle, so that questions about identity
("are these the same parameter objects?", "do these two models share storage?") are asked where
the objects live.

Nothing here is an answer to a question: `GradedNet` is built from a dict of named layers.
"""

from __future__ import annotations

import contextlib
import math
import os

import numpy as np
import torch
from torch import nn

# What a trick would patch to make these helpers (or the tests' reference numbers) lie; the
# sandbox restores them before every call and flags a submission that replaced one.
WATCHED = {
    "torch": ["save", "load", "tanh", "sigmoid", "equal", "allclose"],
    "torch.serialization": ["save", "load"],
    "torch.nn.Module": ["state_dict", "load_state_dict", "parameters", "named_parameters",
                        "buffers", "__call__"],
    "torch.nn.Linear": ["forward"],
    "torch.nn.Tanh": ["forward"],
    "torch.nn.functional": ["linear", "tanh", "binary_cross_entropy_with_logits"],
    "torch.optim.Adam": ["step", "__init__"],
    "torch.Tensor": ["untyped_storage", "data_ptr", "backward"],
    "os": ["remove"],
}


# -- data ------------------------------------------------------------------------------------------


def two_moons(n: int, noise: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaving half circles in 2-D: `n` points, half of each class, Gaussian noise of
    standard deviation `noise` on both coordinates. Returns x (n, 2) float32 and labels y (n,)
    float32 (0.0 for the upper moon, 1.0 for the lower one), shuffled. Same seed, same data."""
    rng = np.random.default_rng(seed)
    n_upper = n // 2
    n_lower = n - n_upper
    t_upper = rng.uniform(0.0, math.pi, n_upper)
    t_lower = rng.uniform(0.0, math.pi, n_lower)
    upper = np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1)
    lower = np.stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1)
    x = np.concatenate([upper, lower]) + rng.normal(0.0, noise, size=(n, 2))
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    order = rng.permutation(n)
    return (torch.from_numpy(x[order]).to(torch.float32),
            torch.from_numpy(y[order]).to(torch.float32))


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of points whose logit has the sign of its label (logit > 0 means class 1)."""
    with torch.no_grad():
        logits = model(x).reshape(-1)
    return float(((logits > 0).to(torch.float32) == y.reshape(-1)).to(torch.float32).mean())


def warm_up_optim() -> None:
    """A few Adam steps on a tiny problem: a training call's CPU time then measures training only
    (the first optimizer step in a process pays one-off set-up)."""
    layer = nn.Linear(2, 1)
    optimizer = torch.optim.Adam(layer.parameters(), lr=0.01)
    loss_fn = nn.BCEWithLogitsLoss()
    x, y = torch.randn(8, 2), torch.ones(8, 1)
    for _ in range(3):
        optimizer.zero_grad()
        loss_fn(layer(x), y).backward()
        optimizer.step()


@contextlib.contextmanager
def one_thread():
    """Run the block with one torch thread (the thread count is restored afterwards).

    CPU time is summed over a process's threads, and idle torch threads spin: on a busy 2-core
    machine, 300 epochs of the reference training measured 0.2-3.3 s of CPU with two threads and
    0.06 s with one. The sandbox runs student code on one thread; the tests time calls (and run
    their reference training) the same way under Otter and in process."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


# -- models the tests build ------------------------------------------------------------------------


class GradedNet(nn.Module):
    """A module made of named layers applied in order: `GradedNet({"hidden": ..., "act": ...,
    "out": ...})` computes out(act(hidden(x))). The tests use it as a two-layer net whose
    attributes are `hidden` and `out`, independent of the student's own class."""

    def __init__(self, layers: dict):
        super().__init__()
        self.order = list(layers)
        for name, layer in layers.items():
            setattr(self, name, layer)

    def forward(self, x):
        for name in self.order:
            x = getattr(self, name)(x)
        return x


class GradedSequential(nn.Sequential):
    """An nn.Sequential like any other; its own class keeps it in the submission's process when
    a test passes it to a student's function, so its parameters keep their identity there."""


def two_layer_net(n_in: int, n_hidden: int, n_out: int, seed: int) -> GradedNet:
    """Linear(n_in, n_hidden) -> tanh -> Linear(n_hidden, n_out) as a GradedNet, with attributes
    `hidden` and `out`, initialised from `seed`."""
    generator_state = torch.random.get_rng_state()
    torch.manual_seed(seed)
    net = GradedNet({"hidden": nn.Linear(n_in, n_hidden), "act": nn.Tanh(),
                     "out": nn.Linear(n_hidden, n_out)})
    torch.random.set_rng_state(generator_state)
    return net


def sequential(n_in: int, n_hidden: int, n_out: int, seed: int) -> GradedSequential:
    """Linear -> Tanh -> Linear as a GradedSequential, initialised from `seed`."""
    generator_state = torch.random.get_rng_state()
    torch.manual_seed(seed)
    seq = GradedSequential(nn.Linear(n_in, n_hidden), nn.Tanh(), nn.Linear(n_hidden, n_out))
    torch.random.set_rng_state(generator_state)
    return seq


def tied_net(width: int, freeze_shared: bool) -> GradedNet:
    """A model with a shared module and a tied weight, for counting parameters:

        first  = Linear(width, width)            weight + bias
        norm   = BatchNorm1d(width)              weight + bias (and three buffers, not parameters)
        second = Linear(width, width)            its own bias; its weight IS first.weight (tied)
        again  = first                           the same module registered twice
        head   = Linear(width, 1, bias=False)    weight

    Distinct parameters: width² + width (first) + 2·width (norm) + width (second.bias) + width
    (head). With `freeze_shared`, first.weight (the tied one) has requires_grad False."""
    first, second = nn.Linear(width, width), nn.Linear(width, width)
    second.weight = first.weight
    net = GradedNet({"first": first, "norm": nn.BatchNorm1d(width), "second": second,
                     "again": first, "head": nn.Linear(width, 1, bias=False)})
    if freeze_shared:
        first.weight.requires_grad_(False)
    return net


# -- probes: questions asked where the objects live ------------------------------------------------


class ParameterSnapshot:
    """Holds on to a module's parameter objects, so that `kept(module)` can tell whether the module
    still has those very objects (changed in place) or new ones (replaced)."""

    def __init__(self, module: nn.Module):
        self.parameters = list(module.parameters())

    def kept(self, module: nn.Module) -> bool:
        now = list(module.parameters())
        return len(now) == len(self.parameters) and all(
            a is b for a, b in zip(now, self.parameters))


def _storages(module: nn.Module) -> set[int]:
    tensors = list(module.parameters()) + list(module.buffers())
    return {t.untyped_storage().data_ptr() for t in tensors if t.numel() > 0}


def shares_storage(a: nn.Module, b: nn.Module) -> bool:
    """Whether any parameter or buffer of `a` uses the same memory as one of `b`: then changing
    one model changes the other."""
    return bool(_storages(a) & _storages(b))


def count_variants(model: nn.Module) -> dict[str, int]:
    """What common wrong ways of counting a model's parameters give (to name a mistake):
    `tensors`, the number of distinct parameter tensors; `with_buffers`, the values of the
    parameters and buffers; `state_dict`, the values in `model.state_dict()` (buffers too, and a
    shared tensor once per name); `repeated`, the values of
    `named_parameters(remove_duplicate=False)`; `per_module`, each module's own parameters summed
    over `modules()` (a weight tied between two modules counts twice)."""
    parameters = list(model.parameters())
    return {
        "tensors": len(parameters),
        "with_buffers": sum(p.numel() for p in parameters) + sum(b.numel() for b in model.buffers()),
        "state_dict": sum(t.numel() for t in model.state_dict().values()),
        "repeated": sum(p.numel() for _, p in model.named_parameters(remove_duplicate=False)),
        "per_module": sum(p.numel() for m in model.modules() for p in m.parameters(recurse=False)),
    }


# -- weights files ---------------------------------------------------------------------------------


def read_weights(path: str) -> tuple[str, object]:
    """Load a weights file as a state_dict must load: `torch.load(path, weights_only=True)`.

    Returns ("state_dict", {name: tensor}) for a dict of tensors; ("missing", "") when there is no
    such file; ("not weights-only", reason) when the file holds pickled objects (a whole module),
    which weights_only refuses; ("other", type name) for anything else it holds."""
    if not os.path.isfile(path):
        return "missing", ""
    try:
        content = torch.load(path, weights_only=True)
    except Exception as error:  # a pickled module: weights_only refuses its classes
        return "not weights-only", f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    if isinstance(content, dict) and all(isinstance(k, str) and isinstance(v, torch.Tensor)
                                         for k, v in content.items()):
        return "state_dict", {k: v.detach().clone() for k, v in content.items()}
    return "other", type(content).__name__


def write_state_dict(model: nn.Module, path: str) -> None:
    """Save `model.state_dict()` to `path` (the tests' own file, for the loading question)."""
    torch.save(model.state_dict(), path)


def remove_file(path: str) -> None:
    """Delete a test's file if it exists."""
    if os.path.isfile(path):
        os.remove(path)
