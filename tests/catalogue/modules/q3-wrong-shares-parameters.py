"""
question: q3
verdict: wrong
expect: "after the copy seq and net share memory"
about: binds net's parameters into seq (seq[0].weight = net.hidden.weight) — the two models then share tensors
"""


def copy_into_sequential_(seq, net):
    seq[0].weight = net.hidden.weight
    seq[0].bias = net.hidden.bias
    seq[2].weight = net.out.weight
    seq[2].bias = net.out.bias
    return seq
