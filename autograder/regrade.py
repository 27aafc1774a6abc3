"""Regrading with a diff: whose points changed when submissions were graded again.

``grade`` regrades a submission when its saved record's key (content hash and grader version, see
batch.discover) no longer matches: a fixed hidden test gives a new grader version, a replaced file
a new content hash. Before the regrade overwrites those records, ``remember`` copies them into
``OUT/.regrade-basis.json``, the basis of the diff. ``write_diff`` compares each regraded
submission's current record with its basis and writes ``OUT/regrade-diff.csv`` (one row per
submission whose points changed) and the report's section; without a regrade it writes nothing.

The basis belongs to the latest regrade. A regrade that was killed and is resumed keeps adding to
the basis it started (its pending submissions still have the record the basis holds), so the
resumed run produces the diff of the whole regrade; a new regrade (nothing pending) starts a fresh
basis. A rerun that regrades nothing leaves the basis alone, so the last diff is written again,
byte for byte. Only the automatically graded questions are compared: manual points are a TA's,
not the grader's.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import report
from .grading import Question
from .record import RecordError, SubmissionRecord

BASIS = ".regrade-basis.json"
DIFF = "regrade-diff.csv"
_EPSILON = 1e-9


# -- the basis: the records a regrade replaced -----------------------------------------------------

def remember(out: Path, replaced: dict[str, SubmissionRecord]) -> None:
    """Before a regrade: keep ``replaced`` (submission name -> its saved record, whose key no
    longer matches) as the basis of the diff. Written atomically, before anything is regraded."""
    if not replaced:
        return
    basis = load_basis(out)
    pending = any(name in replaced and replaced[name].key == old.key
                  for name, old in basis.items())
    if not pending:  # the last regrade finished: this one starts its own diff
        basis = {}
    for name, record in replaced.items():
        basis.setdefault(name, record)  # a resumed regrade keeps the oldest record
    _save_basis(out, basis)


def merge_bases(folders: list[Path], out: Path) -> None:
    """For merge-shards: the shards' bases in one (shards hold disjoint submissions), so that the
    merged folder shows the diff one run would have shown. Writes nothing without a basis."""
    basis: dict[str, SubmissionRecord] = {}
    for folder in folders:
        basis.update(load_basis(folder))
    if basis:
        _save_basis(out, basis)


def _save_basis(out: Path, basis: dict[str, SubmissionRecord]) -> None:
    data = {"records": {name: basis[name].to_json() for name in sorted(basis)}}
    report._write_atomic(Path(out) / BASIS, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def load_basis(out: Path) -> dict[str, SubmissionRecord]:
    """The basis saved by ``remember``; empty when there is none. An entry this kit cannot read is
    left out (that submission then shows no diff), never an error: grading must go on."""
    try:
        data = json.loads((Path(out) / BASIS).read_text(encoding="utf-8"))
        entries = data["records"].items()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    basis = {}
    for name, entry in entries:
        try:
            basis[str(name)] = SubmissionRecord.from_json(entry)
        except RecordError:
            continue
    return basis


# -- the diff --------------------------------------------------------------------------------------

@dataclass
class Change:
    """One regraded submission whose points changed."""

    submission: str
    old: SubmissionRecord
    new: SubmissionRecord
    changed: list[str] = field(default_factory=list)  # the questions whose points changed

    @property
    def delta(self) -> float:
        return self.new.total - self.old.total


@dataclass
class Diff:
    questions: list[str]   # the automatically graded questions compared, in order
    regraded: int          # submissions regraded (changed or not)
    changes: list[Change]  # those whose points changed, by submission name

    @property
    def up(self) -> int:
        return sum(1 for c in self.changes if c.delta > _EPSILON)

    @property
    def down(self) -> int:
        return sum(1 for c in self.changes if c.delta < -_EPSILON)


def diff(basis: dict[str, SubmissionRecord], records: list[SubmissionRecord],
         questions: list[Question]) -> Diff:
    """Compare every regraded record (its key differs from its basis) with its basis."""
    pairs = [(basis[r.submission], r) for r in sorted(records, key=lambda r: r.submission)
             if r.submission in basis and basis[r.submission].key != r.key]
    names = _compared_questions(questions, [record for pair in pairs for record in pair])
    changes = []
    for old, new in pairs:
        before, after = points(old), points(new)
        changed = [q for q in names if _differs(before.get(q), after.get(q))]
        if changed:
            changes.append(Change(new.submission, old, new, changed))
    return Diff(names, len(pairs), changes)


def points(record: SubmissionRecord) -> dict[str, float]:
    """Points per automatically graded question (0 for each when the record was not graded)."""
    return {q.name: q.points for q in record.questions if not q.manual}


def _compared_questions(questions: list[Question], records: list[SubmissionRecord]) -> list[str]:
    """The assignment's automatic questions, then any other a record holds (a renamed question)."""
    names = [q.name for q in questions if not q.manual]
    for record in records:
        names += [n for n in points(record) if n not in names]
    return names


def _differs(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return old is not new
    return abs(old - new) > _EPSILON


def summary_line(result: Diff) -> str:
    """"12 scores changed: 9 up, 3 down", in Chinese and English."""
    count, up, down = len(result.changes), result.up, result.down
    zh = f"{count} 份成绩有变化：{up} 份上升，{down} 份下降"
    en = f"{count} score{'' if count == 1 else 's'} changed: {up} up, {down} down"
    same = count - up - down
    if same:
        zh += f"，{same} 份总分不变（各题得分有变）"
        en += f", {same} with the same total (different points per question)"
    return f"{zh} / {en}"


def new_messages(change: Change) -> list[tuple[str, str]]:
    """(question, message) for each changed question: its failure messages in the new record, or
    the all-passed note; (status, reason) once when the submission is no longer graded."""
    if not change.new.graded:
        return [(change.new.status, change.new.reason)]
    results = {q.name: q for q in change.new.questions}
    messages = []
    for name in change.changed:
        failed = dict.fromkeys(c.message for c in getattr(results.get(name), "cases", [])
                               if not c.passed)  # each message once, in order
        messages += [(name, m) for m in failed] or [(name, report.PASSED_NOTE)]
    return messages


# -- outputs ---------------------------------------------------------------------------------------

def write_diff(out: Path, records: list[SubmissionRecord],
               questions: list[Question]) -> dict | None:
    """After grading: write OUT/regrade-diff.csv and return the report's section, or None (and
    write nothing) when no submission in ``records`` was regraded."""
    result = diff(load_basis(out), records, questions)
    if not result.regraded:
        return None
    report._write_atomic(Path(out) / DIFF, diff_csv(result), encoding="utf-8-sig")
    return view(result)


def diff_csv(result: Diff) -> str:
    """One row per changed submission (UTF-8 with BOM and CRLF, like the gradebook)."""
    text, number = report._sheet_text, report.format_points
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["submission", *(f"{q}_{side}" for q in result.questions
                                     for side in ("old", "new")),
                     "total_old", "total_new", "change", "status_old", "status_new", "messages"])
    for change in result.changes:
        before, after = points(change.old), points(change.new)
        cells = [number(side.get(q)) for q in result.questions for side in (before, after)]
        messages = "; ".join(f"{q}: {report._one_line(m)}" for q, m in new_messages(change))
        writer.writerow([text(change.submission), *cells, number(change.old.total),
                         number(change.new.total), number(change.delta), change.old.status,
                         change.new.status, text(messages)])
    return buffer.getvalue()


def view(result: Diff) -> dict:
    """The report's regrade section, as plain data for its template."""
    number = report.format_points
    rows = []
    for change in result.changes:
        before, after = points(change.old), points(change.new)
        rows.append({
            "name": change.submission, "href": report.feedback_href(change.submission),
            "cells": [{"old": number(before.get(q)), "new": number(after.get(q)),
                       "changed": q in change.changed} for q in result.questions],
            "total_old": number(change.old.total), "total_new": number(change.new.total),
            "change": _signed(change.delta),
            "messages": [{"question": q, "text": m} for q, m in new_messages(change)],
        })
    return {"summary": summary_line(result), "regraded": result.regraded,
            "questions": result.questions, "rows": rows, "csv": DIFF}


def _signed(value: float) -> str:
    """+1.5 with an up arrow, -2 with a down arrow, 0 as it is."""
    if value > _EPSILON:
        return "▲ +" + report.format_points(value)
    return "▼ " + report.format_points(value) if value < -_EPSILON else "0"
