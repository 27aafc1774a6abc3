"""
question: q6
verdict: correct
about: the textbook form with m_hat and v_hat, state stored with copy_
"""
import torch


def adam_step_(params, exp_avgs, exp_avg_sqs, step, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for i, p in enumerate(params):
            g = p.grad
            if g is None:
                continue
            exp_avgs[i].copy_(b1 * exp_avgs[i] + (1 - b1) * g)
            exp_avg_sqs[i].copy_(b2 * exp_avg_sqs[i] + (1 - b2) * g * g)
            m_hat = exp_avgs[i] / (1 - b1 ** step)
            v_hat = exp_avg_sqs[i] / (1 - b2 ** step)
            p -= lr * m_hat / (torch.sqrt(v_hat) + eps)
