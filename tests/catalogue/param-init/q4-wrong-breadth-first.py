"""
question: q4
verdict: wrong
expect: "wrong order"
about: breadth-first walk with a queue (and a seen set), so the set is right but the order differs from modules()
"""
from collections import deque

from torch import nn


def find_linear_layers(model):
    found, seen = [], set()
    queue = deque([model])
    while queue:
        module = queue.popleft()
        if id(module) in seen:
            continue
        seen.add(id(module))
        if isinstance(module, nn.Linear):
            found.append(module)
        queue.extend(module.children())
    return found
