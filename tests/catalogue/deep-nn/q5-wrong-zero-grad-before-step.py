"""
question: q5
verdict: wrong
expect: "the parameters did not change in an epoch"
about: "zero_grad between backward and step: the step sees zero gradients and changes nothing"
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
