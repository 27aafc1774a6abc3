"""
question: q5
verdict: wrong
expect: "wrap in-place changes in torch.no_grad()"
about: m.bias.fill_ outside torch.no_grad() raises the leaf-variable error on a bias that requires grad
"""
from torch import nn


def init_all_linear_(model, weight_init, bias_value=0.0):
    def _init(m):
        if isinstance(m, nn.Linear):
            weight_init(m.weight)
            if m.bias is not None:
                m.bias.fill_(bias_value)

    model.apply(_init)
    return model
