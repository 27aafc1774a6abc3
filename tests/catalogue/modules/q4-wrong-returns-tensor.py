"""
question: q4
verdict: wrong
expect: "return a Python int, not a Tensor"
about: adds the sizes up in a tensor and returns the tensor
"""
import torch


def count_parameters(model, trainable_only=False):
    total = torch.tensor(0)
    for p in model.parameters():
        if p.requires_grad or not trainable_only:
            total += p.numel()
    return total
