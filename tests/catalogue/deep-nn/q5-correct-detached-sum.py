"""
question: q5
verdict: correct
about: zero_grad(set_to_none=False); a running tensor total of detached losses, float() at the end
"""
import torch


def train_epoch(model, loader, optimizer, loss_fn):
    model.train(True)
    total = torch.zeros((), dtype=torch.float64)
    for x, y in loader:
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.detach().double() * len(y)
    return float(total / len(loader.dataset))
