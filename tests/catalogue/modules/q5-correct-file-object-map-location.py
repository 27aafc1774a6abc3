"""
question: q5
verdict: correct
about: writes and reads through open file objects; loads with map_location="cpu" (weights_only is the default)
"""
import torch


def save_weights(model, path):
    with open(path, "wb") as file:
        torch.save(model.state_dict(), file)


def load_weights(model, path):
    with open(path, "rb") as file:
        model.load_state_dict(torch.load(file, map_location="cpu"))
    return model
