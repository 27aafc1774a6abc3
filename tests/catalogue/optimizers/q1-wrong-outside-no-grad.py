"""
question: q1
verdict: wrong
expect: "wrap in-place changes in torch.no_grad()"
about: "an in-place update of a leaf that requires grad, outside torch.no_grad(): PyTorch raises"
"""


def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p -= lr * p.grad
