"""Public helpers of the `deep-nn` assignment (a multi-layer perceptron on the 8×8 digits).

Students import this module: the notebook loads its data with `digits_split` and `make_loader`.
The hidden tests reach it through `checks.helpers()`; in the kit's sandbox its functions run in the
submission's process, next to the student's code, so DataLoaders built here stay there behind
handles, and only plain results come back. Nothing here answers a question: the reference answers
and the checks are in `reference.py`, which the grading process alone loads.

* `digits_split` / `make_loader`: the grader's data (scikit-learn's digits, shipped with the
  package; nothing is downloaded) and its DataLoaders;
* `ModeRecorder`: wraps a model and records, at every forward pass, whether it ran in training
  mode and with gradients enabled (the student's `accuracy` and `train_epoch` are judged by it);
* `LibraryCallSpy`: records which torch functions the student's code calls. The kit's call watch
  (`checks.forbid_calls`) sees Python code only, and `torch.softmax` and `Tensor.softmax` are C
  functions; a `TorchFunctionMode` sees every torch API call, C or Python, whatever name it was
  imported under.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils.data import DataLoader, TensorDataset


N_TRAIN, N_TEST = 1437, 360  # the digits set has 1,797 images

# What a trick would patch to make these helpers or the tests' reference numbers lie; the sandbox
# restores them before every call and flags a submission that replaced one.
WATCHED = {
    "torch": ["logsumexp", "equal", "allclose", "is_grad_enabled"],
    "torch.nn.Module": ["train", "eval", "__call__", "state_dict"],
    "torch.nn.functional": ["softmax", "log_softmax", "cross_entropy", "nll_loss"],
}

# Names of torch functions (and Tensor methods) that compute a softmax or a cross-entropy:
# torch.softmax, Tensor.softmax, F.softmax (nn.Softmax calls it), torch/F.log_softmax,

# -- data ------------------------------------------------------------------------------------------


def digits_split(seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The 8×8 digits, shuffled by ``seed`` and split into 1,437 training and 360 test images.

    Returns x_train (1437, 64) float32, y_train (1437,) int64, x_test (360, 64), y_test (360,).
    Features are standardised with the TRAINING part's mean and standard deviation (NumPy's
    population std, ddof=0), also for the test part. Some pixels (e.g. the corners) are 0 in every
    image, so their std is 0: it is replaced by 1, which leaves those columns at 0 instead of
    dividing by zero.
    """
    from sklearn.datasets import load_digits  # imported here: only the data needs scikit-learn

    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    x, y = digits.data[order], digits.target[order]
    x_train, x_test = x[:N_TRAIN], x[N_TRAIN:N_TRAIN + N_TEST]
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1.0

    def features(part):
        return torch.from_numpy((part - mean) / std).to(torch.float32)

    def labels(part):
        return torch.from_numpy(part).to(torch.int64)

    return (features(x_train), labels(y[:N_TRAIN]), features(x_test),
            labels(y[N_TRAIN:N_TRAIN + N_TEST]))


def make_loader(x: torch.Tensor, y: torch.Tensor, batch_size: int, shuffle: bool = False,
                seed: int = 0) -> DataLoader:
    """A DataLoader over (x, y). With ``shuffle``, the order of every epoch comes from a generator
    seeded with ``seed``: two loaders made with the same arguments give the same batches."""
    generator = torch.Generator().manual_seed(int(seed)) if shuffle else None
    return DataLoader(TensorDataset(x, y), batch_size=int(batch_size), shuffle=shuffle,
                      generator=generator)


# The grader's split of the digits: fixed, so that a grading's randomness is the model's
# initialisation and the order of the batches. With the test images drawn anew for every grading,
# the 360-image test set alone makes the reference's accuracy vary with a standard deviation of
# about 0.009 (binomial), and its chance to fall below the 0.93 threshold would be about 1e-5
# (measured: mean 0.971, lowest 0.942 in 800 random splits). On this split the reference's
# accuracy has mean 0.980, standard deviation 0.004 and lowest 0.967 in 800 seeds: 0.93 is 12
# standard deviations below the mean.
GRADING_SPLIT_SEED = 0


def digits_loaders(shuffle_seed: int, batch_size: int = 64, split_seed: int = GRADING_SPLIT_SEED):
    """The training loader of the split ``split_seed`` (shuffled by ``shuffle_seed``) and the
    test tensors."""
    x_train, y_train, x_test, y_test = digits_split(split_seed)
    loader = make_loader(x_train, y_train, batch_size, shuffle=True, seed=shuffle_seed)
    return loader, x_test, y_test


# -- probes ----------------------------------------------------------------------------------------


class ModeRecorder(nn.Module):
    """Wraps ``model``; every forward pass records (training mode?, gradients enabled?)."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model
        self.seen: list = []

    def forward(self, x):
        self.seen.append([bool(self.training), bool(torch.is_grad_enabled())])
        return self.model(x)


class _Recording(TorchFunctionMode):
    def __init__(self, names: set, calls: list):
        super().__init__()
        self.names, self.calls = names, calls

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in self.names:
            self.calls.append(_public_name(func))
        return func(*args, **(kwargs or {}))


def _public_name(func) -> str:
    module = getattr(func, "__module__", None) or ""
    qualname = getattr(func, "__qualname__", func.__name__)
    if qualname.startswith("TensorBase."):  # a Tensor method
        return "Tensor." + func.__name__
    if module.startswith("torch._C"):
        return f"torch.{func.__name__}"
    return f"{module}.{func.__name__}" if module else func.__name__


class LibraryCallSpy:
    """Between ``start()`` and ``stop()``, records calls of the torch functions named ``names``.

    It is a ``TorchFunctionMode`` on this thread: torch consults it for every call of its API, by
    whatever name the function was imported, C function or Python. ``stop()`` returns the calls
    (each name once, sorted). Only the outermost call is seen (``F.softmax`` appears as
    ``torch.nn.functional.softmax``, not as the ``Tensor.softmax`` it calls inside).
    """

    def __init__(self, names: list):
        self.calls: list = []
        self._mode = _Recording(set(names), self.calls)
        self._active = False

    def start(self) -> None:
        if not self._active:
            self._mode.__enter__()
            self._active = True

    def stop(self) -> list:
        if self._active:
            self._mode.__exit__(None, None, None)
            self._active = False
        return sorted(set(self.calls))
