"""Deadlines and late policies: how late a submission is, and what share of its points it loses.

Lateness is applied when the summaries are written (the gradebook and the report, see roster.py),
never to the saved per-submission records: a TA can change the deadline or the policy and run
``grade`` again without regrading anything.

    --deadline 2026-12-01T23:59+08:00    ISO 8601, with its UTC offset (or Z)
    --late-policy POLICY
        none                 lateness is reported, no points are taken (the default)
        per-day=10,cap=50    10 % of the points off per started day (24 h) late, at most 50 %;
                             "%" may follow either number; without cap, up to 100 %
        cutoff               0 points for anything submitted after the deadline

A started day: one second late is one day late, 24 h and one second is two.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from .errors import BilingualError

DAY_SECONDS = 24 * 60 * 60
POLICY_SYNTAX = "none | per-day=P[,cap=C] | cutoff   (P, C: percent, e.g. per-day=10,cap=50)"
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)%?$")


class LatenessError(BilingualError, ValueError):
    """A malformed deadline, time or policy; the message is bilingual (Chinese, then English)."""


def parse_time(text: str, what_zh: str = "时间", what_en: str = "time") -> datetime:
    """An ISO 8601 time that names its UTC offset ("+08:00" or "Z"); a local time without one is
    refused, since the same text means a different moment on another machine."""
    text = str(text).strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise LatenessError(f"{what_zh}「{text}」不是 ISO 8601 时间（例如 2026-12-01T23:59+08:00）。",
                            f"the {what_en} {text!r} is not an ISO 8601 time "
                            "(e.g. 2026-12-01T23:59+08:00).") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise LatenessError(f"{what_zh}「{text}」缺少时区偏移（例如 +08:00 或 Z）。",
                            f"the {what_en} {text!r} has no UTC offset (add e.g. +08:00 or Z).")
    return moment


def parse_deadline(text: str) -> datetime:
    return parse_time(text, "截止时间", "deadline")


@dataclass(frozen=True)
class Policy:
    """What a late submission loses: nothing, a percentage per started day up to a cap, or all."""

    kind: str = "none"       # "none" | "per-day" | "cutoff"
    per_day: float = 0.0     # percent per started day (per-day)
    cap: float = 100.0       # at most this percent (per-day)

    @property
    def text(self) -> str:
        """The policy in the syntax ``parse_policy`` reads (what run.json keeps)."""
        if self.kind == "per-day":
            return f"per-day={_number(self.per_day)},cap={_number(self.cap)}"
        return self.kind

    def describe(self) -> tuple[str, str]:
        """(Chinese, English) for the report."""
        if self.kind == "per-day":
            return (f"每迟交一天（不足一天按一天）扣 {_number(self.per_day)}%，最多扣 "
                    f"{_number(self.cap)}%",
                    f"{_number(self.per_day)}% off per started day late, at most "
                    f"{_number(self.cap)}%")
        if self.kind == "cutoff":
            return "截止后提交得 0 分", "0 points after the deadline"
        return "只记录迟交，不扣分", "lateness is reported, no points are taken"

    def penalty(self, late_seconds: float) -> float:
        """The percent of the points taken for a submission ``late_seconds`` after its deadline."""
        if late_seconds <= 0 or self.kind == "none":
            return 0.0
        if self.kind == "cutoff":
            return 100.0
        return min(self.cap, self.per_day * late_days(late_seconds))


def late_days(late_seconds: float) -> int:
    """Started days late: 0 when on time (at or before the deadline)."""
    return math.ceil(late_seconds / DAY_SECONDS) if late_seconds > 0 else 0


def penalised(total: float, penalty: float) -> float:
    """``total`` less ``penalty`` percent (multiplied out in that order: 15 * 80 / 100 is 12.0
    exactly, where 15 * 0.8 is not)."""
    return total * (100.0 - penalty) / 100.0


def parse_policy(text: str | None) -> Policy:
    """``none``, ``cutoff`` or ``per-day=P[,cap=C]`` (case and spaces do not matter)."""
    if text is None:
        return Policy()
    compact = re.sub(r"\s+", "", str(text)).lower()
    if compact in ("none", "cutoff"):
        return Policy(compact)
    values: dict[str, float] = {}
    for part in compact.split(","):
        key, sep, value = part.partition("=")
        number = _NUMBER.match(value)
        if not sep or key not in ("per-day", "cap") or key in values or not number:
            raise _bad_policy(text, part)
        values[key] = float(number.group(1))
    if "per-day" not in values:
        raise _bad_policy(text, "per-day")
    per_day, cap = values["per-day"], values.get("cap", 100.0)
    if not 0 < per_day <= 100 or not 0 < cap <= 100:
        raise LatenessError(f"迟交政策「{text}」：每天扣分和上限都应在 0 到 100 之间（不含 0）。",
                            f"late policy {text!r}: per-day and cap must be percentages in "
                            "(0, 100].")
    return Policy("per-day", per_day, cap)


def _bad_policy(text: str, part: str) -> LatenessError:
    return LatenessError(f"无法理解迟交政策「{text}」（问题在「{part}」）。可用写法：{POLICY_SYNTAX}",
                         f"cannot read the late policy {text!r} (at {part!r}). Write one of: "
                         f"{POLICY_SYNTAX}")


def _number(value: float) -> str:
    return f"{value:g}"
