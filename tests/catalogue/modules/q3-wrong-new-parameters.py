"""
question: q3
verdict: wrong
expect: "seq's parameters were replaced by new objects"
about: assigns fresh nn.Parameter copies — nothing is shared, but seq's original parameters are thrown away (an optimiser holding them would train stale tensors)
"""
from torch import nn


def copy_into_sequential_(seq, net):
    seq[0].weight = nn.Parameter(net.hidden.weight.detach().clone())
    seq[0].bias = nn.Parameter(net.hidden.bias.detach().clone())
    seq[2].weight = nn.Parameter(net.out.weight.detach().clone())
    seq[2].bias = nn.Parameter(net.out.bias.detach().clone())
    return seq
