"""Grader-only code of the `deep-nn` assignment: reference answers and the checks built on them.

The hidden tests reach it with `checks.reference()`. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). The reference training epoch itself is in the hidden tests: it would be the
answer to question 5.
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch
from torch import nn

from autograder import checks
from helpers import digits_loaders, make_loader

# torch.special.softmax/log_softmax, F.softmin, and the private ops behind them.
SOFTMAX_NAMES = ["softmax", "log_softmax", "_softmax", "_log_softmax", "softmin"]
CROSS_ENTROPY_NAMES = ["cross_entropy", "cross_entropy_loss", "nll_loss", "nll_loss_nd",
                       "nll_loss2d"]


@contextlib.contextmanager
def one_thread():
    """torch on one thread during a timed call in this process (the sandboxed child always uses
    one): with several, threads spinning idle after each small operation count as CPU time."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def mlp(sizes: list, dropout: float) -> nn.Sequential:
    """The tests' models: Linear layers with ReLU and then Dropout(``dropout``) between them
    (``dropout=0.0`` changes nothing numerically; the Dropout layers are there all the same)."""
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if i > 0:
            layers += [nn.ReLU(), nn.Dropout(dropout)]
        layers.append(nn.Linear(n_in, n_out))
    return nn.Sequential(*layers)


# -- reference answers (computed by the tests in the grading process) ------------------------------


def reference_accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """The fraction of rows of ``x`` whose argmax output is ``y``; eval mode, no grad, mode kept."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return float((model(x).argmax(dim=1) == y).double().mean())
    finally:
        model.train(was_training)


# -- checks (called by the tests in the grading process, with ``checks.local_helpers()``) ---------

# Tolerances. Softmax: float32 exp and a sum of at most a dozen terms are each within a few units
# of float32's relative precision (2^-23 = 1.2e-7), so 1e-6 absolute plus 1e-5 relative is a wide
# margin. A correct answer may also go through a float32 logsumexp (exp(z - logsumexp(z))): for
# logits of magnitude M that number is rounded by up to M·2^-24, which every output inherits as a
# relative error, so the relative tolerance grows by 4·M·2^-23 (5e-3 at M = 1e4). Every
# catalogued mistake is off by far more (a wrong axis, or NaN).
SOFTMAX_ATOL, SOFTMAX_RTOL = 1e-6, 1e-5
# Cross-entropy: the contract's bound, 1e-5 × max(1, |loss|), against float64. A float32
# logsumexp of logits up to 1e4 is within about 1e-3 absolute of the truth, which the relative
# part covers when the loss is large; the large-logit test draws its targets at random, so its
# mean loss is in the thousands.
CE_RTOL = 1e-5
# Training: the same float32 operations in two processes (the grader and the sandboxed child may
# use different numbers of threads, so sums may be ordered differently) agree to about 1e-6
# after one epoch; the catalogued mistakes move losses and weights by 1e-2 or more.
TRAIN_RTOL, TRAIN_ATOL = 1e-4, 1e-5
# Several epochs of Adam amplify those 1e-7 differences a little (measured: below 1e-5 after
# three epochs); 1e-3 relative keeps a wide margin, and every catalogued mistake is off by more
# than 1e-2.
FIT_RTOL = 1e-3


def spied_call(function, name: str, forbidden: list, *args):
    """``checks.call(function, *args)`` where the student's code runs, failing if it called one of
    the torch functions named in ``forbidden`` (see ``LibraryCallSpy``)."""
    spy = checks.helpers().LibraryCallSpy(forbidden)
    spy.start()
    try:
        result = checks.call(function, *args)
    finally:
        called = spy.stop()
    if called:
        listed = ", ".join(called)
        checks.fail(f"`{name}` 调用了 {listed}：本题要求自己实现，不允许使用这些函数。",
                    f"`{name}` calls {listed}, which this question forbids: write it yourself.")
    return result


def large_logits(g: np.random.Generator, n: int, c: int) -> torch.Tensor:
    """(n, c) float32 logits with |z| <= 1e4: rows at scattered offsets, some entries far below
    their row's maximum, and rows of all +1e4, all -1e4 and one +1e4 among -1e4."""
    centres = g.uniform(-9000.0, 9000.0, size=(n, 1))
    z = centres + g.uniform(-20.0, 20.0, size=(n, c))
    far = g.random((n, c)) < 0.3
    z[far] -= g.uniform(200.0, 900.0, size=int(far.sum()))
    z[0], z[1], z[2] = 1e4, -1e4, -1e4
    z[2, int(g.integers(c))] = 1e4
    return torch.from_numpy(np.clip(z, -1e4, 1e4)).to(torch.float32)


def _softmax_mistakes(z: torch.Tensor) -> list:
    """Known wrong softmaxes of ``z`` (float32, as a student's code would compute them)."""
    def normalise(e, dim=1):
        return e / e.sum(dim=dim, keepdim=True)

    found = [(normalise(torch.exp(z)),
              "exp 溢出了（float32 中 e^89 已是 inf）：先减去每一行的最大值。",
              "exp overflowed (e^89 is already inf in float32): subtract each row's maximum "
              "first."),
             (normalise(torch.exp(z - z.max())),
              "减去的是整个张量的最大值：各行的数值范围不同，要减去每一行自己的最大值"
              "（max(dim=1, keepdim=True)）。",
              "you subtracted the maximum of the whole tensor: rows have different ranges, "
              "subtract each row's own maximum (max(dim=1, keepdim=True))."),
             (normalise(torch.exp(z - z.max(dim=0, keepdim=True).values)),
              "减去的是每一列的最大值（dim=0）：要减去每一行的最大值（dim=1）。",
              "you subtracted each column's maximum (dim=0): subtract each row's maximum "
              "(dim=1)."),
             (normalise(torch.exp(z - z.max(dim=1, keepdim=True).values), dim=0),
              "沿第 0 维做了归一化（每一列之和为 1）：应当每一行之和为 1（dim=1）。",
              "normalised along dim 0 (each column sums to 1): each row must sum to 1 (dim=1).")]
    if z.shape[0] == z.shape[1]:
        found.append((normalise(torch.exp(z - z.max(dim=1).values)),
                      "z.max(dim=1) 的形状是 (N,)，减法按列广播了：请加上 keepdim=True。",
                      "z.max(dim=1) has shape (N,), so the subtraction broadcast along the "
                      "columns: add keepdim=True."))
    return found


def _close(got: torch.Tensor, want: torch.Tensor, atol: float, rtol: float) -> bool:
    return bool(torch.allclose(got.double(), want.double(), atol=atol, rtol=rtol,
                               equal_nan=True))


def check_softmax(out, z: torch.Tensor) -> None:
    """``out`` must be the softmax of each row of ``z`` (float64 reference, see SOFTMAX_*)."""
    if not isinstance(out, torch.Tensor):
        kind = checks.type_name(out)
        checks.fail(f"应返回张量，实际是 {kind}。", f"return a tensor, not {kind}.")
    if tuple(out.shape) != tuple(z.shape):
        checks.fail(f"输入形状为 {tuple(z.shape)}，输出形状应相同，实际为 {tuple(out.shape)}。",
                    f"the input has shape {tuple(z.shape)}; the output must have the same shape, "
                    f"got {tuple(out.shape)}.")
    got = out.detach().double()
    want = torch.softmax(z.double(), dim=1)
    rtol = SOFTMAX_RTOL + 4 * float(z.abs().max()) * 2.0 ** -23
    if _close(got, want, SOFTMAX_ATOL, rtol):
        return
    for mistake, zh, en in _softmax_mistakes(z):
        if _close(got, mistake, SOFTMAX_ATOL, rtol + 1e-4):
            checks.fail(zh, en)
    if not bool(torch.isfinite(got).all()):
        checks.fail(f"结果中有 NaN 或 inf（logits 最大到 {float(z.abs().max()):.0f}）："
                    "计算 exp 之前先减去每一行的最大值。",
                    f"the result has NaN or inf (logits up to {float(z.abs().max()):.0f}): "
                    "subtract each row's maximum before exp.")
    worst = float((got - want).abs().max())
    checks.fail(f"与 softmax 的差最大为 {worst:.3g}（每一行之和应为 1）。",
                f"differs from the softmax by up to {worst:.3g} (each row must sum to 1).")


def check_cross_entropy(loss, logits: torch.Tensor, targets: torch.Tensor) -> None:
    """``loss`` must be the mean cross-entropy, within CE_RTOL × max(1, |loss|) of float64."""
    if not isinstance(loss, torch.Tensor):
        kind = checks.type_name(loss)
        checks.fail(f"应返回张量，实际是 {kind}：训练时要对损失调用 backward()，不要用 .item()。",
                    f"return a tensor, not {kind}: training calls backward() on the loss, so do "
                    "not use .item().")
    if loss.numel() != 1:
        checks.fail(f"应返回所有样本的平均值（一个数），实际形状为 {tuple(loss.shape)}。",
                    f"return the mean over the samples (one number), got shape "
                    f"{tuple(loss.shape)}.")
    if logits.requires_grad and not loss.requires_grad:
        checks.fail("返回的损失不能反向传播（与计算图断开了）：不要用 .item()、.detach() 或 "
                    "torch.tensor(...) 重新包装。",
                    "the loss you return cannot be back-propagated (it is cut off the graph): do "
                    "not use .item(), .detach() or torch.tensor(...) to re-wrap it.")
    got = float(loss.detach().double().reshape(-1)[0])
    z = logits.detach().double()
    n = len(targets)
    want = float(torch.nn.functional.cross_entropy(z, targets))
    if abs(got - want) <= CE_RTOL * max(1.0, abs(want)):
        return
    lse = torch.logsumexp(z, dim=1)
    known = [(want * n, "结果是总和：应当对样本求平均（mean），而不是求和。",
              "this is the sum: take the mean over the samples, not the sum."),
             (-want, "符号反了：交叉熵是 −log softmax。",
              "the sign is wrong: cross-entropy is −log softmax."),
             (float((lse[:, None] - z[:, targets]).mean()),
              "logits[:, targets] 取出的是 N×N 个元素：请用 logits[torch.arange(N), targets]"
              " 取每一行自己的类别。",
              "logits[:, targets] picks N×N entries: use logits[torch.arange(N), targets] for "
              "each row's own class."),
             (float((lse[:, None] - z).mean()),
              "对所有类别求了平均：只取每一行正确类别的 −log softmax。",
              "you averaged over all classes: take only each row's right class."),
             (float((torch.logsumexp(z, dim=0)[targets] - z[torch.arange(n), targets]).mean()),
              "logsumexp 沿第 0 维计算了：应沿第 1 维（每一行）。",
              "logsumexp was taken along dim 0: take it along dim 1 (each row).")]
    for value, zh, en in known:
        if abs(got - value) <= 1e-4 * max(1.0, abs(value)):
            checks.fail(zh, en)
    if got != got:
        checks.fail("损失是 NaN：exp 溢出了，请用 torch.logsumexp（或先减去每一行的最大值）。",
                    "the loss is NaN: exp overflowed; use torch.logsumexp (or subtract each "
                    "row's maximum first).")
    if abs(got) == float("inf"):
        checks.fail("损失是 inf：对下溢成 0 的 softmax 取了 log；请用 logsumexp 的形式"
                    "（−z_t + logsumexp(z)）。",
                    "the loss is inf: the log of a softmax that underflowed to 0; use the "
                    "logsumexp form (−z_t + logsumexp(z)).")
    checks.fail(f"损失为 {got:.6g}，应为 {want:.6g}（float64 下 F.cross_entropy 的值）。",
                f"the loss is {got:.6g}, expected {want:.6g} (F.cross_entropy in float64).")


def check_layers(model, sizes: list, activation: str) -> None:
    """``model`` must be Linear, activation, Linear, ..., Linear for ``sizes``."""
    if not checks.is_instance(model, "torch.nn.Sequential"):
        kind = checks.type_name(model)
        checks.fail(f"应返回 nn.Sequential，实际是 {kind}。", f"return an nn.Sequential, not {kind}.")
    layers = list(model)
    got = [checks.type_name(m) for m in layers]
    want = ["Linear" if i % 2 == 0 else activation for i in range(2 * len(sizes) - 3)]
    if got != want:
        if got[:-1] == want and got[-1] in ("Softmax", "LogSoftmax"):
            checks.fail(f"最后加了 {got[-1]}：交叉熵（nn.CrossEntropyLoss）的输入是 logits，"
                        "最后一个 Linear 后面不要再加 softmax。",
                        f"it ends with {got[-1]}: cross-entropy (nn.CrossEntropyLoss) takes "
                        "logits, so put no softmax after the last Linear.")
        if got[:-1] == want and got[-1] == activation:
            checks.fail("最后一个 Linear 后面多了一个激活函数：输出层应直接输出 logits。",
                        "there is an activation after the last Linear: the output layer must "
                        "give the logits directly.")
        other = [name for name in got if name != "Linear"]
        if activation != "ReLU" and other and set(other) == {"ReLU"}:
            checks.fail(f"要求的激活函数是 {activation}，却用了 ReLU：请使用参数 activation。",
                        f"the activation asked for is {activation}, but ReLU was used: use the "
                        "activation argument.")
        checks.fail(f"sizes = {sizes}, activation = {activation}：层应为 {want}，实际为 {got}。",
                    f"sizes = {sizes}, activation = {activation}: the layers must be {want}, "
                    f"got {got}.")
    shapes = [(m.in_features, m.out_features) for m in layers[::2]]
    want_shapes = list(zip(sizes[:-1], sizes[1:]))
    if shapes != want_shapes:
        if shapes == [(b, a) for a, b in want_shapes]:
            checks.fail("nn.Linear 的参数顺序反了：应为 nn.Linear(输入大小, 输出大小)。",
                        "the nn.Linear arguments are swapped: it is nn.Linear(in_features, "
                        "out_features).")
        checks.fail(f"sizes = {sizes}：Linear 的 (输入, 输出) 应为 {want_shapes}，实际为 {shapes}。",
                    f"sizes = {sizes}: the Linear (in, out) sizes must be {want_shapes}, got "
                    f"{shapes}.")


class Case:
    """A small classification problem for the accuracy and training tests."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def accuracy_case(g: np.random.Generator, dropout: float) -> Case:
    """A model, data and labels chosen so that averaging per batch, dividing by the number of
    batches times the batch size, and evaluating in training mode all give other numbers.

    Labels: right (the model's own eval-mode prediction) for about 30 % of the full batches and
    for every sample of the small last batch. A sample whose top two logits are within 1e-3 gets
    a third class as its label, so it is wrong in both processes (float differences between them
    cannot flip it)."""
    batch, full = 32, int(g.integers(3, 6))
    n = batch * full + int(g.integers(3, 9))
    d, c = int(g.integers(5, 12)), int(g.integers(4, 8))
    torch.manual_seed(int(g.integers(2**31)))
    model = mlp([d, 32, c], dropout)
    x = torch.randn(n, d) * 2.0
    model.eval()
    with torch.no_grad():
        logits = model(x)
    model.train()
    top = logits.topk(3, dim=1)
    right = torch.from_numpy(g.random(n) < 0.3)
    right[batch * full:] = True
    ties = (top.values[:, 0] - top.values[:, 1]) < 1e-3
    right &= ~ties
    y = torch.where(right, top.indices[:, 0], torch.where(ties, top.indices[:, 2], top.indices[:, 1]))
    sizes = [batch] * full + [n - batch * full]
    per_batch, start = [], 0
    for size in sizes:
        per_batch.append(float(right[start:start + size].double().mean()))
        start += size
    count = int(right.sum())
    return Case(model=model, x=x, y=y, batch_size=batch, n=n, expected=count / n,
                per_batch=float(np.mean(per_batch)), over_full_batches=count / (batch * len(sizes)),
                over_batches=count / len(sizes))


def check_accuracy_value(got, case: Case) -> None:
    if isinstance(got, torch.Tensor) or type(got) is not float:
        kind = checks.type_name(got)
        checks.fail(f"应返回 Python float，实际是 {kind}（用 .item() 或 float()）。",
                    f"return a Python float, not {kind} (use .item() or float()).")
    # The exact answer is a ratio of two integers; 1e-6 allows summing in float32.
    if abs(got - case.expected) <= 1e-6:
        return
    known = [(case.per_batch, "这是各批次准确率的平均值：最后一个批次较小，要按样本加权"
                              "（答对的总数 ÷ 样本总数）。",
              "this is the average of the per-batch accuracies: the last batch is smaller, so "
              "weight by sample (total right ÷ total samples)."),
             (case.over_full_batches, "除以了 批次数 × batch_size：最后一个批次不满，要除以真正的"
                                      "样本数。",
              "you divided by number of batches × batch_size: the last batch is not full, divide "
              "by the real number of samples."),
             (case.over_batches, "除以了批次数：应除以样本总数。",
              "you divided by the number of batches: divide by the number of samples.")]
    for value, zh, en in known:
        if abs(got - value) <= 1e-6:
            checks.fail(zh, en)
    checks.fail(f"准确率为 {got:.4f}，应为 {case.expected:.4f}（{case.n} 个样本，批大小 "
                f"{case.batch_size}）。",
                f"the accuracy is {got:.4f}, expected {case.expected:.4f} ({case.n} samples, "
                f"batch size {case.batch_size}).")


def check_forward_modes(seen: list, training: bool, grad: bool, what: str) -> None:
    """Every forward pass ``ModeRecorder`` saw must have run in the mode and grad state asked."""
    if not seen:
        checks.fail(f"`{what}` 没有调用模型。", f"`{what}` never called the model.")
    if any(bool(mode) != training for mode, _ in seen):
        if training:
            checks.fail("前向传播是在评估模式下进行的：训练前先调用 model.train()。",
                        "the forward passes ran in evaluation mode: call model.train() before "
                        "training.")
        checks.fail("前向传播是在训练模式下进行的（dropout 仍在随机丢弃）：先调用 model.eval()。",
                    "the forward passes ran in training mode (dropout still drops units at "
                    "random): call model.eval() first.")
    if any(bool(enabled) != grad for _, enabled in seen):
        if grad:
            checks.fail("训练时梯度被关闭了（torch.no_grad()）：训练的前向传播需要梯度。",
                        "gradients were off during training (torch.no_grad()): the training "
                        "forward pass needs them.")
        checks.fail("评估时没有关闭梯度：请把前向传播放在 with torch.no_grad(): 里面。",
                    "gradients were on during evaluation: put the forward passes inside "
                    "with torch.no_grad():.")


def training_case(g: np.random.Generator, dropout: float = 0.0) -> Case:
    """A small model and data set for ``train_epoch``, with a last batch of 1 to 4 samples."""
    batch, full = 16, int(g.integers(3, 6))
    n = batch * full + int(g.integers(1, 5))
    d, c = int(g.integers(4, 10)), int(g.integers(3, 6))
    torch.manual_seed(int(g.integers(2**31)))
    model = mlp([d, 16, c], dropout)
    centres = torch.randn(c, d) * 2.0
    y = torch.randint(0, c, (n,))
    x = centres[y] + torch.randn(n, d)
    return Case(model=model, x=x, y=y, batch_size=batch, n=n, seed=int(g.integers(2**31)))


def _max_difference(a: nn.Module, b: nn.Module) -> float:
    return max(float((p.detach().double() - q.detach().double()).abs().max())
               for p, q in zip(a.parameters(), b.parameters()))


def _same_parameters(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.allclose(p.detach(), q.detach(), rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
               for p, q in zip(a.parameters(), b.parameters()))


def check_train_epoch(loss, case: Case, start: nn.Module, lr: float, one_epoch) -> None:
    """``case.model`` after the student's epoch and the returned ``loss`` must match one epoch of
    SGD(lr) from ``start`` (a copy of the model before the call) on the same batches.
    ``one_epoch(model, loader, optimizer, loss_fn, zero_grad)`` is the test's reference epoch; it
    returns the sample-weighted mean loss and the batch losses."""
    import copy

    def run(zero_grad=True):
        model = copy.deepcopy(start)
        loader = make_loader(case.x, case.y, case.batch_size, True, case.seed)
        result = one_epoch(model, loader, torch.optim.SGD(model.parameters(), lr=lr),
                           nn.CrossEntropyLoss(), zero_grad)
        return model, result

    model, (mean, batch_losses) = run()
    if not _same_parameters(case.model, model):
        if _same_parameters(case.model, start):
            checks.fail("一个 epoch 之后参数没有变化：optimizer.step() 要在 loss.backward() 之后，"
                        "zero_grad() 要在 backward() 之前（不能在 backward 和 step 之间）。",
                        "the parameters did not change in an epoch: call optimizer.step() after "
                        "loss.backward(), and zero_grad() before backward() (not between "
                        "backward and step).")
        if _same_parameters(case.model, run(zero_grad=False)[0]):
            checks.fail("梯度在批次之间累加了：每个批次开始时要调用 optimizer.zero_grad()。",
                        "the gradients accumulated across batches: call optimizer.zero_grad() "
                        "at the start of every batch.")
        checks.fail(f"一个 epoch 之后的参数与参考结果不同（最大相差 "
                    f"{_max_difference(case.model, model):.3g}）：请用传入的 optimizer 和 "
                    "loss_fn，对每个批次做一次 zero_grad、前向、损失、backward、step。",
                    f"the parameters after one epoch differ from the reference (by up to "
                    f"{_max_difference(case.model, model):.3g}): use the optimizer and loss_fn "
                    "you are given, and do zero_grad, forward, loss, backward, step once per "
                    "batch.")
    if isinstance(loss, torch.Tensor) or type(loss) is not float:
        kind = checks.type_name(loss)
        checks.fail(f"应返回 Python float，实际是 {kind}（用 loss.item()）。",
                    f"return a Python float, not {kind} (use loss.item()).")
    if abs(loss - mean) <= TRAIN_RTOL * abs(mean):
        return
    weighted = [(float(np.mean(batch_losses)),
                 "这是各批次损失的平均值：最后一个批次较小，要按样本加权（loss.item() * len(y)"
                 " 求和后除以样本数）。",
                 "this is the average of the batch losses: the last batch is smaller, so weight "
                 "by sample (sum loss.item() * len(y), then divide by the number of samples)."),
                (batch_losses[-1], "这是最后一个批次的损失：要返回整个 epoch 的平均损失。",
                 "this is the loss of the last batch: return the mean over the whole epoch."),
                (float(np.sum(batch_losses)), "这是各批次损失的和：要除以样本数。",
                 "this is the sum of the batch losses: divide by the number of samples."),
                (mean * case.n, "这是所有样本损失的和：要除以样本数。",
                 "this is the sum of the per-sample losses: divide by the number of samples.")]
    for value, zh, en in weighted:
        if abs(loss - value) <= TRAIN_RTOL * abs(value):
            checks.fail(zh, en)
    checks.fail(f"返回的平均损失为 {loss:.6g}，应为 {mean:.6g}（按样本加权）。",
                f"the mean loss returned is {loss:.6g}, expected {mean:.6g} (weighted by "
                "sample).")


def as_floats(losses, epochs: int) -> list:
    """``losses`` as a list of ``epochs`` Python floats (a number held in a tensor counts too:
    whether ``train_epoch`` returns a Python float is question 5's business)."""
    if not isinstance(losses, (list, tuple)):
        kind = checks.type_name(losses)
        checks.fail(f"应返回每个 epoch 的损失组成的列表，实际是 {kind}。",
                    f"return a list of the per-epoch losses, not {kind}.")
    if len(losses) != epochs:
        checks.fail(f"epochs = {epochs}，应返回 {epochs} 个损失值，实际有 {len(losses)} 个。",
                    f"epochs = {epochs}: return {epochs} losses, got {len(losses)}.")
    values = []
    for v in losses:
        if isinstance(v, torch.Tensor) and v.numel() == 1:
            v = float(v.detach().reshape(-1)[0])
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            kind = checks.type_name(v)
            checks.fail(f"每个损失值应是一个数，实际是 {kind}。",
                        f"every loss must be a number, not {kind}.")
        values.append(float(v))
    return values


def fit_with_train_epoch(train_epoch, start: nn.Module, loader_args: tuple, epochs: int,
                         lr: float, optimizer: str = "Adam", fresh: bool = False) -> list:
    """What ``fit`` must return, computed with the student's own ``train_epoch`` (so that a
    mistake in question 5 is not charged to question 6 again): a copy of ``start`` trained
    ``epochs`` times with one ``optimizer`` (a new one every epoch with ``fresh``) and
    cross-entropy, where the student's code runs."""
    import copy

    model = copy.deepcopy(start)
    loader = checks.helpers().digits_loaders(*loader_args)[0]
    make = checks.torch_class(f"torch.optim.{optimizer}")
    opt = make(checks.parameters(model), lr=lr)
    losses = []
    for _ in range(epochs):
        if fresh:
            opt = make(checks.parameters(model), lr=lr)
        losses.append(checks.call(train_epoch, model, loader, opt, nn.CrossEntropyLoss()))
    return losses, model


def check_fit_losses(losses: list, train_epoch, start: nn.Module, loader_args: tuple,
                     epochs: int, lr: float, one_epoch) -> None:
    """The per-epoch losses must be those of Adam(lr) and cross-entropy from ``start``, through a
    right train_epoch or through the student's own. Known mistakes are computed only when they
    are not."""
    def run(**how):
        return as_floats(fit_with_train_epoch(train_epoch, start, loader_args, epochs,
                                              how.pop("lr", lr), **how)[0], epochs)

    def same(values, reference):
        return all(abs(a - b) <= FIT_RTOL * abs(b) for a, b in zip(values, reference))

    import copy

    # Right with a right train_epoch: fit's own part is then right (this also covers a fit whose
    # train_epoch is not the one the tests were given, as when the catalogue swaps one function).
    model, loader = copy.deepcopy(start), digits_loaders(*loader_args)[0]
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    plain = [one_epoch(model, loader, optimizer, nn.CrossEntropyLoss())[0] for _ in range(epochs)]
    if same(losses, plain):
        return
    reference = run()
    if same(losses, reference):
        return
    known = [(dict(lr=1e-3), "看起来学习率是 1e-3（Adam 的默认值）：请把 lr 传给优化器。",
              "it looks like a learning rate of 1e-3 (Adam's default): pass lr to the "
              "optimiser."),
             (dict(optimizer="SGD"), "看起来用了 SGD：本题要求 torch.optim.Adam。",
              "it looks like SGD: this question asks for torch.optim.Adam."),
             (dict(fresh=True), "每个 epoch 都新建了优化器（Adam 的状态被清空）：优化器只建一次。",
              "a new optimiser was made every epoch (Adam's state is lost): make it once.")]
    for how, zh, en in known:
        if same(losses, run(**how)):
            checks.fail(zh, en)
    shown = ", ".join(f"{v:.4f}" for v in reference)
    got = ", ".join(f"{v:.4f}" for v in losses)
    checks.fail(f"每个 epoch 的损失为 [{got}]，应为 [{shown}]（Adam，lr = {lr:.4g}，"
                "nn.CrossEntropyLoss，每个 epoch 调用一次 train_epoch）。",
                f"the per-epoch losses are [{got}], expected [{shown}] (Adam, lr = {lr:.4g}, "
                "nn.CrossEntropyLoss, train_epoch once per epoch).")
