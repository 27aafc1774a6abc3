"""
question: q6
verdict: wrong
expect: "they must be torch.int64"
about: "converts the indices to int32 (.int())"
"""


def row_max(x):
    values, indices = x.max(dim=1)
    return values, indices.int()
