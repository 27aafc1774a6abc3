"""Grader-only code of the `logistic-regression` assignment: the checks the hidden tests run.

The hidden tests reach it with ``checks.reference()``. The kit loads it in the grading process only,
never where student code runs, and it is never handed out (it ships in the Otter zip for the tests
that run there). It holds the torch calls each question forbids, ``call_watched`` (the student's
call with ``helpers.TorchCallWatch`` around it, in the child), the input generators, and the checks
that compare a result with the reference answer (computed by each hidden test) and name the likely
mistake. The watch itself is in ``helpers.py``: it runs next to the student's code.
"""

import math

import numpy as np
import torch

from autograder import checks

# The torch names (as a TorchFunctionMode sees them) of the calls each question forbids.
SIGMOID_CALLS = ("sigmoid", "sigmoid_", "special_expit")
BCE_WITH_LOGITS_CALLS = ("binary_cross_entropy_with_logits",)
# How the failure message names them (Chinese, English).
SIGMOID_FORBIDDEN = ("torch.sigmoid、Tensor.sigmoid、F.sigmoid、nn.Sigmoid 或 torch.special.expit",
                     "torch.sigmoid, Tensor.sigmoid, F.sigmoid, nn.Sigmoid or torch.special.expit")
BCE_WITH_LOGITS_FORBIDDEN = ("F.binary_cross_entropy_with_logits 或 nn.BCEWithLogitsLoss",
                             "F.binary_cross_entropy_with_logits or nn.BCEWithLogitsLoss")


# -- grading process: calling the student's function, and what every question checks ---------------


def call_watched(function, args, names, cpu_seconds=2.0):
    """Call the student's function with a ``TorchCallWatch`` for ``names`` around it, where the
    student's code runs; return (result, what the watch saw)."""
    watch = checks.helpers().TorchCallWatch(list(names))
    watch.start()
    try:
        result = checks.call(function, *args, cpu_seconds=cpu_seconds)
    finally:
        seen = watch.stop()
    return result, seen


def no_forbidden_calls(seen, name, forbidden):
    if seen["calls"]:
        called = ", ".join(seen["calls"])
        checks.fail(f"`{name}` 调用了 {forbidden[0]}（记录到：{called}），本题不允许。",
                    f"`{name}` calls {forbidden[1]} (seen: {called}), which this question forbids.")


def no_warnings(seen, name):
    if seen["warnings"]:
        first = seen["warnings"][0]
        checks.fail(f"`{name}` 运行时产生了警告：{first}。|z| 很大时也不能有警告（例如 NumPy 的 exp "
                    "溢出警告）：请用 torch 运算，并让指数永远不为正。",
                    f"`{name}` raised a warning: {first}. There must be no warning even for large "
                    "|z| (such as NumPy's overflow warning in exp): use torch operations and keep "
                    "the exponent non-positive.")


def same_shape_and_dtype(out, z, name):
    if not isinstance(out, torch.Tensor):
        kind = checks.type_name(out)
        checks.fail(f"`{name}` 应返回张量，实际返回了 {kind}。",
                    f"`{name}` must return a tensor, not {kind}.")
    if tuple(out.shape) != tuple(z.shape):
        checks.fail(f"`{name}` 的输出形状 {tuple(out.shape)} 与输入 {tuple(z.shape)} 不同。",
                    f"`{name}` returned shape {tuple(out.shape)} for an input of shape "
                    f"{tuple(z.shape)}: it must work elementwise.")
    if out.dtype != z.dtype:
        checks.fail(f"输入是 {z.dtype}，`{name}` 却返回了 {out.dtype}：请保持输入的 dtype。",
                    f"the input is {z.dtype} but `{name}` returned {out.dtype}: keep the input's "
                    "dtype.")


def sigmoid_close(out, z, expected):
    """Within 1e-6 absolute of torch.sigmoid (the contract): every float32 formula for the sigmoid
    rounds to within about 1e-7 of it, so this fails no correct answer."""
    got, want = out.detach().double().reshape(-1), expected.double().reshape(-1)
    zs = z.double().reshape(-1)
    broken = ~torch.isfinite(got)
    if bool(broken.any()):
        where = ", ".join(f"{v:.4g}" for v in zs[broken][:3].tolist())
        checks.fail(f"`sigmoid` 在 z = {where} 处得到 NaN 或 inf：float32 中 z > 88.7 时 exp(z) "
                    "溢出，exp(z)/(1+exp(z)) 就成了 inf/inf = NaN。请让指数永远不为正。",
                    f"`sigmoid` gives NaN or inf at z = {where}: in float32 exp(z) overflows for "
                    "z > 88.7, and exp(z)/(1+exp(z)) becomes inf/inf = NaN. Keep the exponent "
                    "non-positive.")
    error = (got - want).abs()
    if float(error.max()) <= 1e-6:
        return
    if float((got - (1 - want)).abs().max()) <= 1e-6:
        checks.fail("结果是 σ(−z) = 1/(1 + e^z)：指数的符号反了。",
                    "the result is σ(−z) = 1/(1 + e^z): the sign of the exponent is wrong.")
    small = zs.abs() < 8
    i = int(error.argmax())
    if bool(small.any()) and float(error[small].max()) <= 1e-6:
        checks.fail(f"|z| 较小时结果正确，但 |z| 较大时不对（z = {zs[i]:.4g}：期望 {want[i]:.7g}，"
                    f"得到 {got[i]:.7g}）：不要截断 z，sigmoid 会自然饱和。",
                    f"right for small |z| but wrong for large |z| (z = {zs[i]:.4g}: expected "
                    f"{want[i]:.7g}, got {got[i]:.7g}): do not clamp z; the sigmoid saturates by "
                    "itself.")
    checks.fail(f"z = {zs[i]:.4g} 处期望 {want[i]:.7g}，得到 {got[i]:.7g}（最大绝对误差 "
                f"{error[i]:.2g} > 1e-6）。",
                f"at z = {zs[i]:.4g} expected {want[i]:.7g}, got {got[i]:.7g} (largest absolute "
                f"error {error[i]:.2g} > 1e-6).")


def scalar_loss(out, name):
    """The mean: a 0-dimensional tensor."""
    if not isinstance(out, torch.Tensor):
        kind = checks.type_name(out)
        checks.fail(f"`{name}` 应返回 0 维张量（平均损失），实际返回了 {kind}；不要用 .item()。",
                    f"`{name}` must return a 0-dimensional tensor (the mean loss), not {kind}; "
                    "do not call .item().")
    # A 0-dimensional tensor arrives from the kit's sandbox with shape (1,) (wire.array_data uses
    # np.ascontiguousarray, which makes 0-d arrays 1-d), so one element is all that is checked.
    if out.numel() != 1 or out.dim() > 1:
        checks.fail(f"`{name}` 返回了形状为 {tuple(out.shape)} 的张量：应返回所有样本的平均值"
                    "（0 维张量），是否忘了 .mean()？",
                    f"`{name}` returned a tensor of shape {tuple(out.shape)}: return the mean over "
                    "all samples (a 0-dimensional tensor); did you forget .mean()?")
    return float(out.detach())


def _diagnose(got, known, rtol=1e-3):
    """Fail with the message of the first known wrong value that ``got`` matches."""
    for value, zh, en in known:
        if value is not None and math.isfinite(value) and \
                abs(got - value) <= rtol * abs(value) + 1e-9:
            checks.fail(zh, en)


# The reference answers and the values of known mistakes are computed by the hidden tests; the
# checks below compare and name the mistake.


def bce_close(loss, want, rtol, n, where=None, swapped=None, separately=None, default_eps=None,
              eps=None):
    """``bce``'s result against ``want``; the other values are what known mistakes give."""
    got = scalar_loss(loss, "bce")
    if not math.isfinite(got):
        if where == "zeros":
            checks.fail("p 中有 0 时结果是 inf 或 NaN：log(0) = −∞。请在取对数之前把 p 截断到至少 eps。",
                        "the loss is inf or NaN when p contains 0: log(0) = -inf. Clamp p to at "
                        "least eps before taking logs.")
        if where == "ones":
            checks.fail("p 中有 1 时结果是 inf 或 NaN：log(1 − p) = log(0)，0·log(0) = NaN。"
                        "上界也要截断：p 不能超过 1 − eps。",
                        "the loss is inf or NaN when p contains 1: log(1 - p) = log(0), and "
                        "0·log(0) = NaN. Clamp the upper end too: p at most 1 - eps.")
        checks.fail("结果是 inf 或 NaN：请把 p 截断到 [eps, 1 − eps]。",
                    "the loss is inf or NaN: clamp p to [eps, 1 - eps].")
    if abs(got - want) <= rtol * abs(want):
        return
    # Differs from the right value by -log(1 - eps) per p = 1, y = 1 sample: a precise match.
    if separately is not None and abs(separately - want) > rtol * abs(want):
        _diagnose(got, [(separately, "结果等于分别从下方截断 p 和 1 − p 的值：请截断 p 本身到 "
                         "[eps, 1 − eps]（这样 p = 1、y = 1 的损失是 −log(1 − eps)，而不是 0）。",
                         "the result is what clamping p and 1 - p separately from below gives: "
                         "clamp p itself to [eps, 1 - eps] (then p = 1 with y = 1 costs "
                         "-log(1 - eps), not 0).")], rtol=1e-9)
    _diagnose(got, [
        (want * n, "结果是总和，不是平均值：请用 .mean()。",
         "the result is the sum, not the mean: use .mean()."),
        (-want, "符号反了：交叉熵是 −(y·log p + (1 − y)·log(1 − p)) 的平均值，是正数。",
         "wrong sign: the cross-entropy is the mean of -(y·log p + (1 - y)·log(1 - p)), a "
         "positive number."),
        (swapped, "y 和 1 − y 对调了：y = 1 的样本应取 −log p。",
         "y and 1 - y are swapped: a sample with y = 1 contributes -log p."),
        (default_eps, f"结果等于 eps = 1e-7 时的值，但这里 eps = {eps or 0:.3g}：请使用参数 eps。",
         f"the result is the one for eps = 1e-7, but here eps = {eps or 0:.3g}: use the argument "
         "eps.")])
    checks.fail(f"期望平均二元交叉熵 {want:.8g}，得到 {got:.8g}（相对容差 {rtol:g}）。",
                f"expected a mean binary cross-entropy of {want:.8g}, got {got:.8g} (relative "
                f"tolerance {rtol:g}).")


def logits_loss_close(out, want, n, clamped=None, swapped=None):
    """Within 1e-5 relative plus 1e-7 absolute of ``want``, the float64 value (the contract). The
    stable formula in float32 is within about 6e-8 absolute per sample (the rounding of log1p's
    argument), and the mean of such errors is no larger, so a correct answer passes."""
    got = scalar_loss(out, "bce_with_logits")
    if not math.isfinite(got):
        checks.fail("结果是 inf 或 NaN：|z| 很大时 exp 溢出了（float32 中 z > 88.7 时 exp(z) = inf）。"
                    "请用 max(z, 0) − z·y + log1p(exp(−|z|))，指数永远不为正。",
                    "the loss is inf or NaN: exp overflowed for large |z| (in float32 exp(z) = inf "
                    "for z > 88.7). Use max(z, 0) - z·y + log1p(exp(-|z|)), whose exponent is "
                    "never positive.")
    if abs(got - want) <= 1e-5 * abs(want) + 1e-7:
        return
    _diagnose(got, [
        (clamped, "结果等于先算 sigmoid 再截断概率的值：非常确定但答错了的样本，损失被限制在约 16。"
         "请直接从 logit 计算，不需要截断。",
         "the result is the one from a clamped probability: the loss of a sample that is very "
         "sure and wrong is capped at about 16. Compute from the logit; no clamping is needed."),
        (want * n, "结果是总和，不是平均值：请用 .mean()。",
         "the result is the sum, not the mean: use .mean()."),
        (-want, "符号反了：损失应是正数。", "wrong sign: the loss must be positive."),
        (swapped, "y 和 1 − y 对调了：每个样本的损失是 max(z, 0) − z·y + log1p(exp(−|z|))。",
         "y and 1 - y are swapped: each sample's loss is max(z, 0) - z·y + log1p(exp(-|z|)).")])
    checks.fail(f"期望 {want:.8g}（float64 参考值），得到 {got:.8g}：误差超过 1e-5 相对加 1e-7 绝对。",
                f"expected {want:.8g} (the float64 reference), got {got:.8g}: off by more than "
                "1e-5 relative plus 1e-7 absolute.")


def logits_for_accuracy(g, n):
    """Float32 logits and 0/1 labels; a fifth of the logits lie in (0, 0.5) with label 1, where a
    threshold of 0.5 gives a different accuracy. No logit is within 1e-6 of 0."""
    m = n // 5
    z = g.normal(0.0, 2.0, n)
    y = g.random(n) < 1 / (1 + np.exp(-1.5 * z))
    z = np.concatenate([z, g.uniform(0.01, 0.49, m)])
    y = np.concatenate([y, np.ones(m, dtype=bool)])
    z[np.abs(z) < 1e-6] = 0.25
    order = g.permutation(z.size)
    return torch.from_numpy(z[order]).float(), torch.from_numpy(y[order].astype("float32"))


def accuracy_close(got, want, n, at_half=None, share_of_ones=None):
    """``want`` is the right fraction; the others are what known mistakes give."""
    if isinstance(got, bool) or not isinstance(got, float):
        kind = checks.type_name(got)
        checks.fail(f"`accuracy_from_logits` 应返回 Python float，实际返回了 {kind}（可以用 .item()）。",
                    f"`accuracy_from_logits` must return a Python float, not {kind} (use .item()).")
    # k/n computed in float32 or float64 is within 1e-7 of the exact fraction.
    if abs(got - want) <= 1e-6:
        return
    _diagnose(got, [
        (at_half, "结果等于把 logit 和 0.5 比较的准确率：logit 的阈值是 0（p = 0.5 对应 z = 0）。",
         "the result is the accuracy at a logit threshold of 0.5: threshold logits at 0 "
         "(p = 0.5 is z = 0)."),
        (1 - want, "结果是错误率：预测和标签的比较反了。",
         "the result is the error rate: predictions and labels are compared the wrong way."),
        (want * n, "结果是正确的个数，不是比例：请除以样本数（用 .mean()）。",
         "the result is the number correct, not the fraction: divide by the number of samples "
         "(use .mean())."),
        (share_of_ones, "结果等于把所有样本都判为 1：sigmoid 的输出总是大于 0，所以 sigmoid(z) > 0 "
         "永远成立；logit 本身的阈值是 0。",
         "the result is what predicting 1 for every sample gives: sigmoid(z) > 0 always holds; it "
         "is the logit itself that is thresholded at 0.")], rtol=1e-6)
    checks.fail(f"期望准确率 {want:.6f}，得到 {got:.6f}。", f"expected accuracy {want:.6f}, got {got:.6f}.")


def logistic_data(g, n, d):
    """Float32 features (n, d) and float32 0/1 labels (n,) drawn from a logistic model."""
    x = g.normal(0.0, 1.0, (n, d)) + g.uniform(-1.0, 1.0, d)
    w, b = g.normal(0.0, 2.0, d), g.normal(0.0, 0.5)
    y = g.random(n) < 1 / (1 + np.exp(-(x @ w + b)))
    return torch.from_numpy(x).float(), torch.from_numpy(y.astype("float32"))


def is_linear(model, d):
    if not checks.is_instance(model, "torch.nn.Linear"):
        kind = checks.type_name(model)
        checks.fail(f"应返回训练好的 nn.Linear({d}, 1) 本身，实际返回了 {kind}。",
                    f"return the trained nn.Linear({d}, 1) itself, not {kind}.")
    if model.in_features != d or model.out_features != 1:
        checks.fail(f"应是 nn.Linear({d}, 1)，实际是 nn.Linear({model.in_features}, "
                    f"{model.out_features})。",
                    f"the model must be nn.Linear({d}, 1), not nn.Linear({model.in_features}, "
                    f"{model.out_features}).")


def parameters_close(model, reference, epochs):
    """Within 1e-4 of the reference's parameters (the contract). Both run the same float32 steps;
    only the order of sums may differ (~1e-7 a step), and on this convex problem with these
    learning rates such differences shrink rather than grow.

    ``reference(epochs, optimiser="sgd", zero_grad=True, reduction="mean")`` (from the hidden
    test) returns the reference's (weight..., bias) as one float64 vector; the variants are the
    known mistakes.
    """
    got = torch.cat([model.weight.detach().double().reshape(-1),
                     model.bias.detach().double().reshape(-1)])
    if not bool(torch.isfinite(got).all()):
        checks.fail("训练后的参数含有 NaN 或 inf。", "the trained parameters contain NaN or inf.")
    want = reference(epochs)
    if float((got - want).abs().max()) <= 1e-4:
        return
    variants = [
        (dict(zero_grad=False), "梯度在步与步之间累加了：每一步都要先调用 optimizer.zero_grad()。",
         "the gradients add up from step to step: call optimizer.zero_grad() at every step."),
        (dict(optimiser="adam"), "结果与 Adam 的一致：本题要求 torch.optim.SGD。",
         "the result matches Adam: this question asks for torch.optim.SGD."),
        (dict(reduction="sum"), "结果与对损失求和（reduction='sum'）的一致：请用默认的平均损失。",
         "the result matches a summed loss (reduction='sum'): use the default mean loss."),
        (dict(epochs=epochs - 1), f"结果是 {epochs - 1} 步之后的参数：少训练了一步。",
         f"the result is the parameters after {epochs - 1} steps: one step too few."),
        (dict(epochs=epochs + 1), f"结果是 {epochs + 1} 步之后的参数：多训练了一步。",
         f"the result is the parameters after {epochs + 1} steps: one step too many."),
    ]
    for variant, zh, en in variants:
        other = reference(variant.pop("epochs", epochs), **variant)
        if bool(torch.isfinite(other).all()) and float((got - other).abs().max()) <= 1e-3 * max(
                1.0, float(other.abs().max())):
            checks.fail(zh, en)

    def show(v):
        return "[" + ", ".join(f"{t:.5g}" for t in v.tolist()) + "]"

    checks.fail(f"参数与参考实现不同（容差 1e-4）：期望 (weight..., bias) = {show(want)}，"
                f"得到 {show(got)}。",
                f"the parameters differ from the reference (tolerance 1e-4): expected "
                f"(weight..., bias) = {show(want)}, got {show(got)}.")
