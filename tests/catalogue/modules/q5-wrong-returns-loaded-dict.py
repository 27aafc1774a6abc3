"""
question: q5
verdict: wrong
expect: "load_weights returned the dict torch.load gives"
about: load_weights returns what torch.load gives (the state_dict) without loading it into the model
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict(), path)


def load_weights(model, path):
    model = torch.load(path, weights_only=True)
    return model
