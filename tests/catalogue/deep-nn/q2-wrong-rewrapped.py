"""
question: q2
verdict: wrong
expect: "cannot be back-propagated"
about: re-wraps the value in torch.tensor(...), which cuts the loss off the graph
"""
import torch


def cross_entropy(logits, targets):
    right = logits[torch.arange(len(targets)), targets]
    return torch.tensor((torch.logsumexp(logits, dim=1) - right).mean().item())
