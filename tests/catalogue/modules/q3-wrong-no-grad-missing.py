"""
question: q3
verdict: wrong
expect: "wrap in-place changes in torch.no_grad()"
about: calls copy_ on parameters that require grad outside torch.no_grad()
"""


def copy_into_sequential_(seq, net):
    seq[0].weight.copy_(net.hidden.weight)
    seq[0].bias.copy_(net.hidden.bias)
    seq[2].weight.copy_(net.out.weight)
    seq[2].bias.copy_(net.out.bias)
    return seq
