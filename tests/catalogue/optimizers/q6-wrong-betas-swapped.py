"""
question: q6
verdict: wrong
expect: "β₁ and β₂ are swapped"
about: unpacks betas in the wrong order
"""
import torch


def adam_step_(params, exp_avgs, exp_avg_sqs, step, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta2, beta1 = betas
    with torch.no_grad():
        for p, m, v in zip(params, exp_avgs, exp_avg_sqs):
            if p.grad is None:
                continue
            m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
            v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
            m_hat = m / (1 - beta1 ** step)
            v_hat = v / (1 - beta2 ** step)
            p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
