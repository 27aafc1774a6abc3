"""
question: q5
verdict: wrong
expect: "load_weights must return the model it was given, not a NoneType"
about: loads correctly but forgets to return the model
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict(), path)


def load_weights(model, path):
    model.load_state_dict(torch.load(path, weights_only=True))
