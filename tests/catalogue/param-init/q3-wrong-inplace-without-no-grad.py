"""
question: q3
verdict: wrong
expect: "wrap in-place changes in torch.no_grad()"
about: tensor.uniform_ outside torch.no_grad(); on an nn.Parameter that requires grad it raises the leaf-variable error
"""
import math


def xavier_uniform_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive
    fan_out = tensor.size(0) * receptive
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    tensor.uniform_(-a, a)
    return tensor
