"""
question: q6
verdict: correct
about: "sorts every row in descending order and keeps the first column"
"""
import torch


def row_max(x):
    values, order = torch.sort(x, dim=1, descending=True)
    return values[:, 0].clone(), order[:, 0].clone()
