"""
question: q3
verdict: correct
about: copy_ of each weight and bias inside torch.no_grad(), layer by layer
"""
import torch


def copy_into_sequential_(seq, net):
    with torch.no_grad():
        for target, source in ((seq[0], net.hidden), (seq[2], net.out)):
            target.weight.copy_(source.weight)
            target.bias.copy_(source.bias)
    return seq
