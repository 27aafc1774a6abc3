"""
question: q2
verdict: correct
about: logsumexp minus the right logit picked with gather
"""
import torch


def cross_entropy(logits, targets):
    right = logits.gather(1, targets.view(-1, 1)).squeeze(1)
    return torch.mean(torch.logsumexp(logits, dim=1) - right)
