"""
question: q5
verdict: wrong
expect: "buffers must be saved too"
about: saves dict(model.named_parameters()) — the weights are there, but buffers such as BatchNorm's running statistics are lost
"""
import torch


def save_weights(model, path):
    torch.save({name: p.detach() for name, p in model.named_parameters()}, path)


def load_weights(model, path):
    model.load_state_dict(torch.load(path, weights_only=True))
    return model
