"""
question: q4
verdict: wrong
expect: "threshold of 0.5"
about: 'the original notebook''s bug: thresholds the logits at 0.5'
"""


def accuracy_from_logits(z, y):
    return ((z > 0.5).float() == y).float().mean().item()
