"""
question: q2
verdict: correct
about: the log-sum-exp written by hand with each row's maximum, then the mean of the losses
"""
import torch


def cross_entropy(logits, targets):
    m = logits.max(dim=1, keepdim=True).values
    log_sum = torch.log(torch.exp(logits - m).sum(dim=1)) + m.squeeze(1)
    n = logits.shape[0]
    return (log_sum - logits[range(n), targets]).sum() / n
