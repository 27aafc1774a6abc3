"""
question: q4
verdict: correct
about: counts matches as booleans and divides by the number of samples in Python
"""


def accuracy_from_logits(z, y):
    correct = int(((z > 0) == y.bool()).sum())
    return correct / y.numel()
