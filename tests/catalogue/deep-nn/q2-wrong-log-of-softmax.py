"""
question: q2
verdict: wrong
expect: "the loss is inf"
about: "-log of a (stable) softmax: the probability of a wrong class underflows to 0 for large logits"
"""
import torch


def cross_entropy(logits, targets):
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    p = e / e.sum(dim=1, keepdim=True)
    return -torch.log(p[torch.arange(len(targets)), targets]).mean()
