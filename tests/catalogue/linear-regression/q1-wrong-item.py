"""
question: q1
verdict: wrong
expect: "return a 0-d tensor, not float"
about: returns a Python float with .item(), which also cuts the graph that question 5 needs
"""


def mse(y_pred, y):
    return ((y_pred - y) ** 2).mean().item()
