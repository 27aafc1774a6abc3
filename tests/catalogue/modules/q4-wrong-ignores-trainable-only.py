"""
question: q4
verdict: wrong
expect: "trainable_only was ignored"
about: always counts every parameter
"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
