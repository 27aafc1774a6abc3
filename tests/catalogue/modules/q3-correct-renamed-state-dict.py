"""
question: q3
verdict: correct
about: renames net's state_dict keys to seq's (0.weight, ...) and uses load_state_dict, which copies in place
"""


def copy_into_sequential_(seq, net):
    renamed = {"0.weight": net.hidden.weight, "0.bias": net.hidden.bias,
               "2.weight": net.out.weight, "2.bias": net.out.bias}
    seq.load_state_dict(renamed)
    return seq
