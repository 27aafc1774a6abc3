"""
question: q1
verdict: correct
about: the old style, p.data -= lr * p.grad (the same tensor object, no autograd involved)
"""


def sgd_step_(params, lr):
    for p in params:
        if p.grad is None:
            continue
        p.data -= lr * p.grad
