"""
question: q2
verdict: wrong
expect: "only nn.Linear weights may change"
about: selects layers with hasattr(m, 'weight'), so a LayerNorm (or any module with a weight) is re-initialised too
"""
import torch


def init_linear_normal_(model, mean=0.0, std=0.5):
    with torch.no_grad():
        for layer in model:
            if hasattr(layer, "weight") and layer.weight is not None:
                layer.weight.normal_(mean, std)
    return model
