"""
question: q2
verdict: wrong
expect: "this is the sum"
about: sums the per-sample losses instead of taking their mean
"""
import torch


def cross_entropy(logits, targets):
    right = logits[torch.arange(len(targets)), targets]
    return (torch.logsumexp(logits, dim=1) - right).sum()
