"""
question: q6
verdict: wrong
expect: "the bias correction uses t−1"
about: "corrects with 1 - β^(step - 1), which is 0 at the first step: the parameters become nan"
"""
import torch


def adam_step_(params, exp_avgs, exp_avg_sqs, step, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for p, m, v in zip(params, exp_avgs, exp_avg_sqs):
            if p.grad is None:
                continue
            m.mul_(b1).add_(p.grad, alpha=1 - b1)
            v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
            m_hat = m / (1 - b1 ** (step - 1))
            v_hat = v / (1 - b2 ** (step - 1))
            p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
