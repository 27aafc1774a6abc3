"""
question: q2
verdict: wrong
expect: "return a tensor, not float"
about: "returns the mean as a Python float with .item(): training could not call backward()"
"""
import torch


def cross_entropy(logits, targets):
    right = logits[torch.arange(len(targets)), targets]
    return (torch.logsumexp(logits, dim=1) - right).mean().item()
