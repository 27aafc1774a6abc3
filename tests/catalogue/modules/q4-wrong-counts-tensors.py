"""
question: q4
verdict: wrong
expect: "is the number of parameter tensors"
about: counts the parameter tensors (len of the list) instead of the values in them
"""


def count_parameters(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])
