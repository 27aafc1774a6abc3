"""
question: q4
verdict: wrong
expect: "a shared parameter was counted more than once"
about: sums each module's own parameters over model.modules() — a weight tied between two modules counts twice
"""


def count_parameters(model, trainable_only=False):
    total = 0
    for module in model.modules():
        for p in module.parameters(recurse=False):
            if p.requires_grad or not trainable_only:
                total += p.numel()
    return total
