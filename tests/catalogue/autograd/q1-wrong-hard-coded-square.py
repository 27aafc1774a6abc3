"""
question: q1
verdict: wrong
expect: "expected f'(x0)"
about: "fitted to the chapter's exercise: returns 2*x0, the derivative of x squared, whatever f is"
"""
import torch


def derivative_at(f, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    f(x)
    return 2.0 * float(x0)
