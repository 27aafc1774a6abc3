"""Public helpers of the `param-init` assignment: what the hidden tests run where the student's code
runs. The notebook does not import this module, and nothing here is an answer to a question.

``RecordingInit`` is a probe handed to the student's ``init_all_linear_``: the tests build it with
``checks.helpers()`` (in the kit's sandbox, a handle to an instance in the child, loaded before any
cell), so it runs next to the student's code; the test reads ``probe.calls`` back (tensors, which
are the test's own tensors when they came from the test).

The checks and their messages are in ``reference.py``, which the grading process alone loads.
"""

import torch

# Library functions these tests lean on and a trick would patch: in the sandbox they are captured
# before any cell runs, put back before each hidden-test call, and flagged when replaced.
WATCHED = {
    "torch.nn.init": ["uniform_", "normal_", "xavier_uniform_", "xavier_normal_",
                      "kaiming_uniform_", "kaiming_normal_", "calculate_gain", "zeros_"],
}


class RecordingInit:
    """A ``weight_init`` stand-in: fills each tensor it gets with ``fill`` and records it."""

    def __init__(self, fill: float = 0.25):
        self.fill = float(fill)
        self.calls: list = []

    def __call__(self, tensor):
        with torch.no_grad():
            tensor.fill_(self.fill)
        self.calls.append(tensor)
        return tensor
