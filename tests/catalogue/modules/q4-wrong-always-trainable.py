"""
question: q4
verdict: wrong
expect: "frozen parameters count too then"
about: always skips frozen parameters, whatever trainable_only says
"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
