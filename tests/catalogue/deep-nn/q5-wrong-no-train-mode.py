"""
question: q5
verdict: wrong
expect: "the forward passes ran in evaluation mode"
about: "never calls model.train(): after an evaluation the model trains in eval mode (no dropout)"
"""


def train_epoch(model, loader, optimizer, loss_fn):
    total, count = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
