"""
question: q2
verdict: wrong
expect: "calls torch.nn.functional.nll_loss, which this question forbids"
about: "F.nll_loss of a log-softmax: the right number, but nll_loss is forbidden here"
"""
import torch.nn.functional as F


def cross_entropy(logits, targets):
    return F.nll_loss(F.log_softmax(logits, dim=1), targets)
