"""
question: q1
verdict: wrong
expect: "calls torch.nn.functional.log_softmax, which this question forbids"
about: exp of F.log_softmax, imported under another name
"""
import torch
from torch.nn.functional import log_softmax as stable_log


def stable_softmax(z):
    return torch.exp(stable_log(z, dim=1))
