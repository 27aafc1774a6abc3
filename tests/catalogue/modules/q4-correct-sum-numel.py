"""
question: q4
verdict: correct
about: sums p.numel() over model.parameters(), skipping frozen ones when asked
"""


def count_parameters(model, trainable_only=False):
    total = 0
    for p in model.parameters():
        if trainable_only and not p.requires_grad:
            continue
        total += p.numel()
    return total
