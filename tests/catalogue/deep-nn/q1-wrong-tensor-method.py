"""
question: q1
verdict: wrong
expect: "calls Tensor.softmax, which this question forbids"
about: the Tensor method softmax, after a (pointless) shift by the row maximum
"""


def stable_softmax(z):
    return (z - z.max(dim=1, keepdim=True).values).softmax(dim=1)
