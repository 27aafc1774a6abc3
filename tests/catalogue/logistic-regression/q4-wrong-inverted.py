"""
question: q4
verdict: wrong
expect: "the error rate"
about: counts mismatches instead of matches
"""


def accuracy_from_logits(z, y):
    return ((z > 0).float() != y).float().mean().item()
