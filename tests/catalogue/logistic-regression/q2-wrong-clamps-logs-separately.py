"""
question: q2
verdict: wrong
expect: "clamping p and 1 - p separately"
about: 'clamps p and 1 - p from below only: p = 1 with y = 1 then costs 0 instead of -log(1 - eps), which shows with a large eps'
"""
import torch


def bce(p, y, eps=1e-7):
    log_p = torch.log(torch.clamp(p, min=eps))
    log_q = torch.log(torch.clamp(1 - p, min=eps))
    return -(y * log_p + (1 - y) * log_q).mean()
