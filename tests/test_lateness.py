"""Deadlines and late policies: parsing, started days, caps, and bad input (lateness.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from autograder import lateness
from autograder.lateness import LatenessError, Policy, late_days, parse_policy, parse_time

DAY = 24 * 60 * 60


def bilingual(error: LatenessError) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in error.zh) and error.en.isascii()


def test_times_need_a_utc_offset():
    assert parse_time("2026-12-01T23:59+08:00") == datetime(2026, 12, 1, 15, 59, tzinfo=timezone.utc)
    assert parse_time(" 2026-12-01 23:59:30Z ") == datetime(2026, 12, 1, 23, 59, 30,
                                                           tzinfo=timezone.utc)
    for text in ("2026-12-01T23:59", "yesterday", "2026-13-01T00:00+08:00", ""):
        with pytest.raises(LatenessError) as caught:
            parse_time(text)
        assert bilingual(caught.value), text
    with pytest.raises(LatenessError, match="offset"):
        lateness.parse_deadline("2026-12-01T23:59")


@pytest.mark.parametrize("seconds, days", [(-5, 0), (0, 0), (1, 1), (DAY, 1), (DAY + 1, 2),
                                           (3 * DAY - 1, 3), (10 * DAY, 10)])
def test_late_days_are_started_days(seconds, days):
    assert late_days(seconds) == days


def test_per_day_policy_counts_started_days_up_to_the_cap():
    policy = parse_policy("per-day=10,cap=50")
    assert policy == Policy("per-day", 10.0, 50.0)
    assert [policy.penalty(s) for s in (0, 1, DAY, DAY + 1, 4 * DAY + 1, 6 * DAY, 30 * DAY)] == \
        [0, 10, 10, 20, 50, 50, 50]
    uncapped = parse_policy("per-day=15")
    assert uncapped.cap == 100 and uncapped.penalty(6 * DAY + 1) == 100
    assert uncapped.penalty(2 * DAY) == 30


def test_cutoff_and_none():
    assert parse_policy("cutoff").penalty(1) == 100 and parse_policy("cutoff").penalty(0) == 0
    assert parse_policy("none").penalty(100 * DAY) == 0
    assert parse_policy(None) == Policy("none")


def test_penalised_total_is_exact():
    assert lateness.penalised(15, 20) == 12.0
    assert lateness.penalised(13, 0) == 13 and lateness.penalised(13, 100) == 0


@pytest.mark.parametrize("text", ["per-day=10,cap=50", " Per-Day = 10% , CAP=50% ", "cutoff",
                                  "NONE", "per-day=2.5"])
def test_the_policy_text_reads_back_the_same(text):
    policy = parse_policy(text)
    assert parse_policy(policy.text) == policy


@pytest.mark.parametrize("text", ["", "percent:10", "per-day", "per-day=", "per-day=ten",
                                  "per-day=10,cap=50,cap=60", "cap=50", "per-day=10,grace=1",
                                  "per-day=0", "per-day=101", "per-day=10,cap=0",
                                  "per-day=10,cap=150", "per-day=-5", "cutoff,per-day=10"])
def test_malformed_policies_are_refused_in_both_languages(text):
    with pytest.raises(LatenessError) as caught:
        parse_policy(text)
    assert bilingual(caught.value), text


def test_a_policy_describes_itself_in_both_languages():
    for policy in (parse_policy("per-day=10,cap=50"), parse_policy("cutoff"), Policy()):
        zh, en = policy.describe()
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) and en.isascii()
    assert "10%" in parse_policy("per-day=10,cap=50").describe()[1]


def test_deadline_offsets_are_compared_as_moments():
    deadline = parse_time("2026-12-01T23:59+08:00")
    same_moment = parse_time("2026-12-01T15:59Z")
    assert (same_moment - deadline) == timedelta(0)
    assert parse_policy("cutoff").penalty((same_moment - deadline).total_seconds()) == 0
