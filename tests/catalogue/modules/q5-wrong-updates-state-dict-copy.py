"""
question: q5
verdict: wrong
expect: "the model's parameters are not the file's values"
about: updates the dict that state_dict() returns; its entries are replaced, the model's parameters stay as they were
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict(), path)


def load_weights(model, path):
    model.state_dict().update(torch.load(path, weights_only=True))
    return model
