"""
question: q5
verdict: correct
about: the five steps per batch; the loss weighted by x.size(0)
"""


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    weighted, seen = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()
        outputs = model(x)
        loss = loss_fn(outputs, y)
        loss.backward()
        optimizer.step()
        weighted += loss.item() * x.size(0)
        seen += x.size(0)
    return weighted / seen
