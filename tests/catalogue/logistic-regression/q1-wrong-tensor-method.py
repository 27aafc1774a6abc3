"""
question: q1
verdict: wrong
expect: "which this question forbids"
about: calls the tensor method z.sigmoid(), the same forbidden function under another name
"""


def sigmoid(z):
    return z.sigmoid()
