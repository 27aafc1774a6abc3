"""
question: q3
verdict: wrong
expect: "transposed"
about: transposes the weights, thinking of y = x W with W of shape (in, out)
"""
import torch


def copy_into_sequential_(seq, net):
    with torch.no_grad():
        seq[0].weight.copy_(net.hidden.weight.T)
        seq[0].bias.copy_(net.hidden.bias)
        seq[2].weight.copy_(net.out.weight.T)
        seq[2].bias.copy_(net.out.bias)
    return seq
