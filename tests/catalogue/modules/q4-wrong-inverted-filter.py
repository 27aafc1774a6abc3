"""
question: q4
verdict: wrong
expect: "that counts the frozen parameters"
about: with trainable_only=True keeps the parameters whose requires_grad is False (the condition inverted)
"""


def count_parameters(model, trainable_only=False):
    if trainable_only:
        return sum(p.numel() for p in model.parameters() if not p.requires_grad)
    return sum(p.numel() for p in model.parameters())
