"""
question: q4
verdict: wrong
expect: "did you count the state_dict()?"
about: sums the sizes of the state_dict's tensors — buffers count too, and a tied tensor once per name
"""


def count_parameters(model, trainable_only=False):
    state = model.state_dict()
    return sum(t.numel() for t in state.values())
