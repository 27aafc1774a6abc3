"""
question: q6
verdict: correct
about: "PyTorch's arrangement: denom = sqrt(v) / sqrt(1 - β₂ᵗ) + eps, step size lr / (1 - β₁ᵗ)"
"""
import math

import torch


def adam_step_(params, exp_avgs, exp_avg_sqs, step, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    step_size = lr / (1 - beta1 ** step)
    root_correction = math.sqrt(1 - beta2 ** step)
    with torch.no_grad():
        for p, m, v in zip(params, exp_avgs, exp_avg_sqs):
            if p.grad is None:
                continue
            m.lerp_(p.grad, 1 - beta1)
            v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
            p.addcdiv_(m, v.sqrt() / root_correction + eps, value=-step_size)
