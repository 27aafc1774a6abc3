"""
question: q4
verdict: correct
about: compares float predictions with the labels and averages
"""


def accuracy_from_logits(z, y):
    return ((z > 0).float() == y).float().mean().item()
