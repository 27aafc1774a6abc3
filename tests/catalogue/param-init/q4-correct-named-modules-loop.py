"""
question: q4
verdict: correct
about: explicit loop over model.named_modules() (root has name ''), appending every nn.Linear
"""
import torch


def find_linear_layers(model):
    found = []
    for _name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            found.append(module)
    return found
