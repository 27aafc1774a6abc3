"""
question: q5
verdict: wrong
expect: "torch.load(path, weights_only=True) refuses the file"
about: pickles the whole model and loads it back whole (the round trip works, but the file is not a state_dict and loading returns a new object)
"""
import torch


def save_weights(model, path):
    torch.save(model, path)


def load_weights(model, path):
    return torch.load(path, weights_only=False)
