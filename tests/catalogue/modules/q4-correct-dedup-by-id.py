"""
question: q4
verdict: correct
about: walks named_parameters(remove_duplicate=False) but de-duplicates by id(), so a tied weight counts once
"""
import math


def count_parameters(model, trainable_only=False):
    seen = {}
    for _, p in model.named_parameters(remove_duplicate=False):
        if p.requires_grad or not trainable_only:
            seen[id(p)] = math.prod(p.shape)
    return sum(seen.values())
