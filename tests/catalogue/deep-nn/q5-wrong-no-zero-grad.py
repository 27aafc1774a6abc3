"""
question: q5
verdict: wrong
expect: "the gradients accumulated across batches"
about: "never calls zero_grad: every step uses the sum of all gradients so far"
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
