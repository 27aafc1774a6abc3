"""
question: q3
verdict: wrong
expect: "after the copy seq and net share memory"
about: assigns .data, which keeps seq's Parameter objects but makes them use net's memory
"""


def copy_into_sequential_(seq, net):
    seq[0].weight.data = net.hidden.weight.data
    seq[0].bias.data = net.hidden.bias.data
    seq[2].weight.data = net.out.weight.data
    seq[2].bias.data = net.out.bias.data
    return seq
