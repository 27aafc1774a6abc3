"""
question: q4
verdict: correct
about: "a loop over the columns (allowed), each column standardised with vector operations"
"""
import torch


def standardize_columns(x):
    if len(x.shape) != 2:
        raise ValueError("2-D input only")
    columns = []
    for j in range(x.shape[1]):
        col = x[:, j]
        centred = col - col.mean()
        columns.append(centred / centred.pow(2).mean().sqrt())
    return torch.stack(columns, dim=1)
