"""
question: q5
verdict: wrong
expect: "torch.load(path, weights_only=True) refuses the file"
about: forgets the parentheses — torch.save(model.state_dict, path) pickles the bound method (and with it the model)
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict, path)


def load_weights(model, path):
    model.load_state_dict(torch.load(path, weights_only=True))
    return model
