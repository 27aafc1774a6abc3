"""
question: q2
verdict: wrong
expect: "Keep each row with x.grad.clone()"
about: "stores x.grad itself and zeroes it in place before the next output: every row ends as the last one"
"""
import torch


def jacobian(f, x):
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    rows = []
    for i in range(len(y)):
        if x.grad is not None:
            x.grad.zero_()
        y[i].backward(retain_graph=True)
        rows.append(x.grad)
    return torch.stack(rows)
