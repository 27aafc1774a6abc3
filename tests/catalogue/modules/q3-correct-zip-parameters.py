"""
question: q3
verdict: correct
about: zips seq.parameters() with net.parameters() (both in registration order) and copies
"""
import torch


def copy_into_sequential_(seq, net):
    with torch.no_grad():
        for mine, theirs in zip(seq.parameters(), net.parameters()):
            mine.copy_(theirs)
    return seq
