"""
question: q3
verdict: wrong
expect: "Missing key(s) in state_dict"
about: seq.load_state_dict(net.state_dict()) — the names differ (hidden.weight vs 0.weight), so strict loading fails
"""


def copy_into_sequential_(seq, net):
    seq.load_state_dict(net.state_dict())
    return seq
