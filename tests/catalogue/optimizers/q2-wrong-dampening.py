"""
question: q2
verdict: wrong
expect: "the velocity is v ← μ·v + (1−μ)·g (dampened)"
about: an exponential moving average of the gradient (dampening = momentum), not PyTorch's default
"""
import torch


def momentum_step_(params, velocities, lr, momentum=0.9):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad, alpha=1 - momentum)
            p.add_(v, alpha=-lr)
