"""
question: q2
verdict: wrong
expect: "picks N×N entries"
about: "logits[:, targets] instead of logits[arange(N), targets]: an N×N matrix, then its mean"
"""
import torch


def cross_entropy(logits, targets):
    return (torch.logsumexp(logits, dim=1, keepdim=True) - logits[:, targets]).mean()
