"""
question: q3
verdict: wrong
expect: "seq's 0.bias did not change"
about: copies the weights but forgets the biases
"""
import torch


def copy_into_sequential_(seq, net):
    with torch.no_grad():
        seq[0].weight.copy_(net.hidden.weight)
        seq[2].weight.copy_(net.out.weight)
    return seq
