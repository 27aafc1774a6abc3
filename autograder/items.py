"""Item analysis: how hard each question was, how well it separates stronger from weaker work, and
which diagnoses its failures most often carried.

Classical test theory on the graded submissions of a class (the others have no points to analyse),
for every automatically graded question and every manual one whose grades have been merged:

- difficulty: the mean fraction of the question's points earned (1.0: everybody got full points);
- discrimination: the correlation between a submission's fraction on the question and the REST of
  its total (the automatically graded total minus this question), so that a question is never
  correlated with itself. One formula for every question, Pearson's r: for a pass/fail question
  (fractions 0 or 1) it is the point-biserial correlation (scipy's ``pointbiserialr`` is defined as
  exactly this Pearson r), and for partial credit it is the corrected item-total correlation. It is
  undefined when either side has no variance (everybody scored the same), or with fewer than two
  submissions; it is then None, shown as "—" with the reason;
- diagnoses: the question's failure messages grouped as ``report.failure_key`` groups them (the
  English part, numbers ignored), counted in submissions, the most frequent first.

A question that nobody or everybody gets full points on, or whose discrimination is negative, is
marked for the instructor. Everything here is a pure function of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .grading import Question
from .record import SubmissionRecord
from .report import failure_key

TOP_DIAGNOSES = 3
# Scores are sums of case points (floats such as 0.1 + 0.2): rounded to this many decimals before
# looking for variance, so that float noise in a constant column is not taken for a spread.
_DECIMALS = 9

# Why a discrimination is undefined.
TOO_FEW = "too-few"
NO_VARIANCE = "no-variance"
REST_NO_VARIANCE = "rest-no-variance"
# Marks for the instructor.
NOBODY_PASSES = "nobody-passes"
EVERYBODY_PASSES = "everybody-passes"
NEGATIVE = "negative-discrimination"

LABELS = {
    TOO_FEW: "已评分提交少于两份，无法计算区分度 / fewer than two graded submissions: "
             "discrimination undefined",
    NO_VARIANCE: "所有提交本题得分相同，无法计算区分度 / every submission scored the same on this "
                 "question: discrimination undefined",
    REST_NO_VARIANCE: "所有提交其余题目的总分相同，无法计算区分度 / the rest of the total is the same "
                      "for every submission: discrimination undefined",
    NOBODY_PASSES: "无人得满分：题目或测试可能有问题 / nobody got full points: check the question "
                   "and its tests",
    EVERYBODY_PASSES: "人人得满分：本题区分不出学生 / everybody got full points: the question tells "
                      "no one apart",
    NEGATIVE: "区分度为负：其余题目得分高的学生本题反而得分低，请检查测试 / negative discrimination: "
              "students who did better on the rest did worse here; check the tests",
}


@dataclass
class Diagnosis:
    key: str          # report.failure_key of the messages in the group
    submissions: int  # how many submissions failed with it (at least one case)
    example: str      # the first such message (bilingual, as the test wrote it)


@dataclass
class Item:
    name: str
    possible: float
    count: int                          # graded submissions that have the question
    passed: int                         # of those, with full points
    difficulty: float | None            # mean fraction; None without submissions or points
    discrimination: float | None
    undefined: str | None = None        # why discrimination is None (TOO_FEW, NO_VARIANCE, ...)
    diagnoses: list[Diagnosis] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # NOBODY_PASSES, EVERYBODY_PASSES, NEGATIVE


def analyse(records: list[SubmissionRecord], questions: list[Question],
            top: int = TOP_DIAGNOSES) -> list[Item]:
    """One Item per question with points to analyse, in the assignment's order: every
    automatically graded question, and a manually graded one once grades for it are merged."""
    graded = sorted((r for r in records if r.graded), key=lambda r: r.submission)
    found = [(question, _item(question, graded, top)) for question in questions]
    return [item for question, item in found if not question.manual or item.count]


def _item(question: Question, graded: list[SubmissionRecord], top: int) -> Item:
    taken = [(record, result, points) for record in graded for result in record.questions
             if result.name == question.name
             and (points := record.question_points(result)) is not None]
    possible = float(question.points) or max((r.possible for _, r, _ in taken), default=0.0)
    fractions = [points / possible for _, _, points in taken] if possible > 0 else []
    rest = [record.total - points for record, _, points in taken]
    passed = sum(1 for _, result, points in taken if points >= result.possible - 1e-9)
    item = Item(question.name, possible, len(taken), passed,
                float(np.mean(fractions)) if fractions else None, None,
                diagnoses=diagnoses([(record, result) for record, result, _ in taken], top))
    if fractions:
        item.discrimination, item.undefined = discrimination(fractions, rest)
    else:
        item.undefined = TOO_FEW if len(taken) < 2 else NO_VARIANCE
    item.marks = _marks(item)
    return item


def discrimination(fractions, rest) -> tuple[float | None, str | None]:
    """Pearson's r between a question's fractions and the rest of the totals (see the module
    docstring), or None and why it is undefined."""
    x = np.round(np.asarray(fractions, dtype=float), _DECIMALS)
    y = np.round(np.asarray(rest, dtype=float), _DECIMALS)
    if len(x) < 2:
        return None, TOO_FEW
    if np.ptp(x) == 0:
        return None, NO_VARIANCE
    if np.ptp(y) == 0:
        return None, REST_NO_VARIANCE
    return float(stats.pearsonr(x, y).statistic), None


def diagnoses(taken, top: int = TOP_DIAGNOSES) -> list[Diagnosis]:
    """The ``top`` most frequent failure groups among one question's (record, result) pairs,
    counted once per submission; ties in alphabetical order of the key."""
    groups: dict[str, Diagnosis] = {}
    seen: set[tuple[str, str]] = set()
    for record, result in taken:
        for case in result.cases:
            if case.passed:
                continue
            key = failure_key(case.message)
            group = groups.setdefault(key, Diagnosis(key, 0, case.message))
            if (key, record.submission) not in seen:
                seen.add((key, record.submission))
                group.submissions += 1
    return sorted(groups.values(), key=lambda g: (-g.submissions, g.key))[:top]


def _marks(item: Item) -> list[str]:
    marks = []
    if item.count and item.passed == 0:
        marks.append(NOBODY_PASSES)
    if item.count and item.passed == item.count:
        marks.append(EVERYBODY_PASSES)
    if item.discrimination is not None and item.discrimination < 0:
        marks.append(NEGATIVE)
    return marks


def view(records: list[SubmissionRecord], questions: list[Question]) -> dict:
    """What the report's item-analysis section shows, as plain text for its template."""
    rows, analysed = [], analyse(records, questions)
    for item in analysed:
        rows.append({
            "name": item.name,
            "count": item.count,
            "passed": f"{item.passed} / {item.count}",
            "difficulty": "—" if item.difficulty is None else f"{item.difficulty:.2f}",
            "discrimination": "—" if item.discrimination is None else f"{item.discrimination:.2f}",
            "undefined": LABELS[item.undefined] if item.undefined else "",
            "diagnoses": [{"submissions": d.submissions, "example": d.example}
                          for d in item.diagnoses],
            "marks": [LABELS[m] for m in item.marks],
        })
    names = {item.name for item in analysed}
    return {"rows": rows, "manual": [q.name for q in questions if q.manual and q.name not in names]}
