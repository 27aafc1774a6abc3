"""
question: q5
verdict: wrong
expect: "return a Python float, not Tensor"
about: keeps the running total as a tensor (and with it every batch's graph)
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total, count = 0, 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total = total + loss * len(y)
        count += len(y)
    return total / count
