"""
question: q3
verdict: correct
about: "t.detach().numpy() shares; t.clone().numpy() is an array over new memory"
"""


def numpy_views(t):
    return t.detach().numpy(), t.clone().numpy()
