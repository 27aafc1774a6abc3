"""
question: q5
verdict: wrong
expect: "this is the average of the batch losses"
about: averages the batch losses, so the small last batch counts as a full one
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    losses = []
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
