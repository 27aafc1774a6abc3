"""
question: q4
verdict: wrong
expect: "the number correct, not the fraction"
about: forgets to divide by the number of samples
"""


def accuracy_from_logits(z, y):
    return ((z > 0).float() == y).float().sum().item()
