"""
question: q4
verdict: correct
about: cumulative product of degree copies of x (x, x·x, x·x·x, …), equal to the powers up to the last bit
"""


def poly_features(x, degree):
    return x.unsqueeze(1).repeat(1, degree).cumprod(dim=1)
