"""
question: q3
verdict: wrong
expect: "return the seq you were given"
about: builds and returns a deep copy of seq with the values copied; seq itself is left unchanged
"""
import copy

import torch


def copy_into_sequential_(seq, net):
    result = copy.deepcopy(seq)
    with torch.no_grad():
        result[0].weight.copy_(net.hidden.weight)
        result[0].bias.copy_(net.hidden.bias)
        result[2].weight.copy_(net.out.weight)
        result[2].bias.copy_(net.out.bias)
    return result
