"""
question: q5
verdict: correct
about: torch.save(model.state_dict(), path); load_state_dict(torch.load(path, weights_only=True)); returns model
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict(), path)


def load_weights(model, path):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state)
    return model
