"""
question: q3
verdict: wrong
expect: "the step uses s from before adding g²"
about: takes the step with the old sum and only then adds g² (the first step divides by eps)
"""
import torch


def adagrad_step_(params, sums, lr=0.01, eps=1e-10):
    with torch.no_grad():
        for p, s in zip(params, sums):
            if p.grad is None:
                continue
            p.sub_(lr * p.grad / (s.sqrt() + eps))
            s.add_(p.grad ** 2)
