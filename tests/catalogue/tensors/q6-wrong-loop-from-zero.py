"""
question: q6
verdict: wrong
expect: "did you start the running maximum at 0"
about: "a loop whose running maximum starts at 0, wrong for rows of negative numbers"
"""
import torch


def row_max(x):
    values, indices = [], []
    for row in x.tolist():
        best, where = 0, 0
        for j, v in enumerate(row):
            if v > best:
                best, where = v, j
        values.append(best)
        indices.append(where)
    return torch.tensor(values, dtype=x.dtype), torch.tensor(indices)
