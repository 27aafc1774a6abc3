"""
question: q5
verdict: wrong
expect: "this is the loss of the last batch"
about: returns the loss of the last batch instead of the epoch's mean
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()
