"""
question: q2
verdict: correct
about: F.log_softmax is allowed in this question (only cross_entropy, CrossEntropyLoss and nll_loss are not)
"""
import torch
import torch.nn.functional as F


def cross_entropy(logits, targets):
    log_p = F.log_softmax(logits, dim=1)
    return -log_p[torch.arange(len(targets)), targets].mean()
