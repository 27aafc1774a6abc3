"""
question: q6
verdict: wrong
expect: "the default values must be"
about: a default learning rate of 0.01 instead of PyTorch's 1e-3
"""
import torch


def adam_step_(params, exp_avgs, exp_avg_sqs, step, lr=1e-2, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for p, m, v in zip(params, exp_avgs, exp_avg_sqs):
            if p.grad is None:
                continue
            m.mul_(b1).add_(p.grad, alpha=1 - b1)
            v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
            p.sub_(lr * (m / (1 - b1 ** step)) / ((v / (1 - b2 ** step)).sqrt() + eps))
