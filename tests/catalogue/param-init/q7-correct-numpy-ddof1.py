"""
question: q7
verdict: correct
about: hooks registered in a loop; the std is computed with np.std(..., ddof=1) and converted with float()
"""
import numpy as np
import torch

_ACTIVATIONS = (torch.nn.Tanh, torch.nn.ReLU, torch.nn.Sigmoid)


def activation_stds(model, x):
    results = []
    handles = []

    def _record(_module, _inp, out):
        arr = out.detach().cpu().numpy()
        results.append(float(np.std(arr, ddof=1)))

    for module in model.modules():
        if isinstance(module, _ACTIVATIONS):
            handles.append(module.register_forward_hook(_record))
    with torch.no_grad():
        model(x)
    for handle in handles:
        handle.remove()
    return results
