"""
question: q4
verdict: wrong
expect: "gradients were on during evaluation"
about: "the original notebook's other bug: evaluates without torch.no_grad()"
"""


def accuracy(model, loader):
    was_training = model.training
    model.eval()
    right = total = 0
    for x, y in loader:
        right += (model(x).argmax(dim=1) == y).sum().item()
        total += len(y)
    model.train(was_training)
    return right / total
