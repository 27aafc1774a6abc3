"""Imported once by the sandbox forkserver: pay first-use costs before any child is forked.

Every child is forked from the forkserver, so whatever is loaded and initialised here — torch's
first operations, matplotlib's fonts and first figure, IPython's shell — is free for each
submission. Nothing here runs student code.
"""

import os

os.environ["MPLBACKEND"] = "Agg"

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from torch import nn  # noqa: E402
from traitlets.config import Config  # noqa: E402


def _warm() -> None:
    model = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.ReLU(), nn.Sigmoid())
    with torch.no_grad():
        model(torch.randn(4, 8)).std()
        nn.init.xavier_uniform_(model[0].weight)
        nn.init.kaiming_normal_(model[0].weight)
        torch.empty(4, 4).uniform_(-1, 1).normal_(0, 1)
    torch.from_numpy(np.random.uniform(0, 1, (4, 4))).float()
    figure, axes = plt.subplots(1, 2)
    axes[0].hist(np.random.normal(size=100), bins=10, label="x")
    axes[1].semilogy([1, 2, 3], [1, 10, 100], "o-", label="y")
    axes[1].legend()
    figure.canvas.draw()
    plt.close("all")
    config = Config()
    config.HistoryManager.enabled = False  # no history thread or database in a forking server
    InteractiveShell.instance(config=config)


_warm()
