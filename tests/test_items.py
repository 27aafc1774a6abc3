"""Item analysis (items.py) on small synthetic classes whose numbers were worked out by hand."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from autograder import items, report
from autograder.grading import CaseResult, Question, QuestionResult
from autograder.record import SubmissionRecord

INJECTION = "<script>alert(1)</script>"
# q1 pass/fail, q2 partial credit, q3 everybody passes, q4 nobody passes, q5 by hand.
QUESTIONS = [Question("q1", 2.0, False), Question("q2", 4.0, False), Question("q3", 1.0, False),
             Question("q4", 2.0, False), Question("q5", 3.0, True)]


def result(name, points, possible, failures=()):
    """A question result: one failed case per message in ``failures``, one passed case for the
    rest of the points."""
    cases = [CaseResult(f"{name} - f{i}", 0.0, 0.0, False, True, m) for i, m in enumerate(failures)]
    cases.append(CaseResult(f"{name} - ok", points, possible, True, True))
    return QuestionResult(name, points, possible, cases=cases)


def record(name, scores, failures=None, status="graded"):
    failures = failures or {}
    questions = [result(q.name, scores.get(q.name, 0.0), q.points, failures.get(q.name, ()))
                 for q in QUESTIONS if not q.manual]
    questions.append(QuestionResult("q5", 0.0, 3.0, manual=True))
    return SubmissionRecord(name, f"{name}.ipynb", "k", status, questions=questions)


def wrong(got):
    return f"期望 3，得到 {got}。\nexpected 3, got {got}."


@pytest.fixture
def klass():
    """Four graded submissions (totals 7, 6, 4, 2) and one that failed to load."""
    return [
        record("a", {"q1": 2, "q2": 4, "q3": 1, "q4": 0}, {"q4": ["q4 is off"]}),
        record("b", {"q1": 2, "q2": 2, "q3": 1, "q4": 1},
               {"q2": ["shape (2, 3)", "shape (4, 3)", "nan in output"]}),
        record("c", {"q1": 0, "q2": 3, "q3": 1, "q4": 0},
               {"q1": [wrong(4), wrong(5)], "q2": ["too slow"], "q4": ["q4 is off"]}),
        record("d", {"q1": 0, "q2": 0, "q3": 1, "q4": 1},
               {"q1": [wrong(6), f"shape {INJECTION}"], "q2": ["nan in output", "too slow",
                                                                 "zeta"]}),
        record("broken", {}, {"q1": ["never counted"]}, status="error"),
    ]


def by_name(records):
    return {i.name: i for i in items.analyse(records, QUESTIONS)}


def test_difficulty_and_discrimination_match_a_hand_computation(klass):
    found = by_name(klass)
    assert list(found) == ["q1", "q2", "q3", "q4"]  # the manual question is not analysed
    assert all(i.count == 4 for i in found.values())  # the error record is left out
    # q1: fractions 1 1 0 0, rest of the totals 5 4 4 2. Point-biserial by its own formula:
    # (mean rest of passers - mean rest of the others) / population sd of rest * sqrt(p q)
    #   = (4.5 - 3) / sqrt(4.75 / 4) * 0.5 = 0.688247
    assert found["q1"].difficulty == 0.5
    assert found["q1"].discrimination == pytest.approx((4.5 - 3) / math.sqrt(4.75 / 4) * 0.5)
    assert found["q1"].discrimination == pytest.approx(0.688247, abs=1e-6)
    # q2: fractions 1 .5 .75 0 (mean .5625), rest 3 4 1 2: r = .125 / sqrt(.546875 * 5)
    assert found["q2"].difficulty == pytest.approx(0.5625)
    assert found["q2"].discrimination == pytest.approx(0.125 / math.sqrt(0.546875 * 5))
    # q3: everybody has full points: no variance, so no discrimination.
    assert found["q3"].difficulty == 1.0
    assert found["q3"].discrimination is None and found["q3"].undefined == items.NO_VARIANCE
    # q4: fractions 0 .5 0 .5, rest 7 5 4 1: r = -1.25 / sqrt(.25 * 18.75) = -1/sqrt(3)
    assert found["q4"].difficulty == 0.25
    assert found["q4"].discrimination == pytest.approx(-1 / math.sqrt(3))
    assert [i.passed for i in found.values()] == [2, 1, 4, 0]


def test_pass_fail_discrimination_is_scipys_point_biserial(klass):
    rest = [5, 4, 4, 2]
    expected = stats.pointbiserialr([True, True, False, False], rest).statistic
    assert items.discrimination([1, 1, 0, 0], rest) == (pytest.approx(expected), None)


def test_marks_for_the_instructor(klass):
    found = by_name(klass)
    assert found["q1"].marks == [] and found["q2"].marks == []
    assert found["q3"].marks == [items.EVERYBODY_PASSES]
    assert found["q4"].marks == [items.NOBODY_PASSES, items.NEGATIVE]


def test_most_frequent_diagnoses_are_grouped_and_counted_per_submission(klass):
    found = by_name(klass)
    q1 = found["q1"].diagnoses
    # c's two messages and d's one differ only in numbers: one group, two submissions.
    assert [(d.key, d.submissions) for d in q1] == [("expected #, got #.", 2),
                                                    ("shape <script>alert(#)</script>", 1)]
    assert q1[0].example == wrong(4)  # the first one met, bilingual as written
    # q2: nan and too slow in two submissions each; b's two shape messages count once, so shape
    # ties with zeta at one and wins alphabetically; zeta is the fourth, left out.
    assert [(d.key, d.submissions) for d in found["q2"].diagnoses] == [
        ("nan in output", 2), ("too slow", 2), ("shape (#, #)", 1)]
    assert found["q3"].diagnoses == []
    assert "never counted" not in str(found)


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_submissions(klass, count):
    found = by_name(klass[:count])
    for item in found.values():
        assert item.count == count and item.discrimination is None
        assert item.undefined == items.TOO_FEW
    if count == 0:
        assert all(i.difficulty is None and i.marks == [] for i in found.values())
    else:
        assert found["q4"].marks == [items.NOBODY_PASSES]
        assert found["q3"].marks == [items.EVERYBODY_PASSES]


def test_rest_without_variance_and_float_noise():
    two = [Question("q1", 1.0, False), Question("q2", 1.0, False)]

    def rec(name, q1, q2):
        return SubmissionRecord(name, "", "k", "graded",
                                questions=[QuestionResult("q1", q1, 1.0),
                                           QuestionResult("q2", q2, 1.0)])

    # q2 is the same for all but float noise (0.1 + 0.2 != 0.3); q1 varies.
    found = {i.name: i for i in items.analyse([rec("a", 1.0, 0.1 + 0.2), rec("b", 0.0, 0.3)], two)}
    assert found["q2"].undefined == items.NO_VARIANCE
    assert found["q1"].undefined == items.REST_NO_VARIANCE
    assert found["q1"].discrimination is None and found["q1"].difficulty == 0.5


def test_view_shows_dashes_and_bilingual_marks(klass):
    view = items.view(klass, QUESTIONS)
    rows = {r["name"]: r for r in view["rows"]}
    assert view["manual"] == ["q5"]
    assert rows["q1"]["difficulty"] == "0.50" and rows["q1"]["discrimination"] == "0.69"
    assert rows["q1"]["passed"] == "2 / 4"
    assert rows["q3"]["discrimination"] == "—"
    assert "scored the same" in rows["q3"]["undefined"] and "得分相同" in rows["q3"]["undefined"]
    assert rows["q4"]["discrimination"] == "-0.58"
    assert any("nobody got full points" in m and "无人得满分" in m for m in rows["q4"]["marks"])
    assert any("negative discrimination" in m and "区分度为负" in m for m in rows["q4"]["marks"])
    assert rows["q1"]["diagnoses"][0] == {"submissions": 2, "example": wrong(4)}


def test_report_has_the_item_section_escaped(klass, tmp_path):
    path = tmp_path / "report.html"
    report.write_report(klass, QUESTIONS, path, "items")
    page = path.read_text(encoding="utf-8")
    section = page.split('id="items"')[1].split("</section>")[0]
    assert "Item analysis" in section and "题目分析" in section
    assert "-0.58" in section and "⚑" in section and "—" in section
    assert "Questions graded by hand whose grades are not merged yet (q5)" in section
    assert INJECTION not in page and "shape &lt;script&gt;" in section
    assert 'id="regrade"' not in page  # no regrade, no section


def test_a_manual_question_is_analysed_once_its_grades_are_merged(klass):
    from autograder.record import ManualGrade

    for record, points in zip(klass, (3.0, 3.0, 0.0, 0.0)):
        record.manual_grades["q5"] = ManualGrade(points)
    found = by_name(klass)
    assert list(found) == ["q1", "q2", "q3", "q4", "q5"]
    # q5: fractions 1 1 0 0, rest (the automatic totals) 7 6 4 2: r = 3.5 / sqrt(14.75)
    assert found["q5"].difficulty == 0.5 and found["q5"].passed == 2
    assert found["q5"].discrimination == pytest.approx(3.5 / math.sqrt(14.75))
    # the other questions' rest now holds q5 too: q1's rest is 8 7 4 2
    assert found["q1"].discrimination == pytest.approx(
        stats.pearsonr([1, 1, 0, 0], [8, 7, 4, 2]).statistic)
    assert items.view(klass, QUESTIONS)["manual"] == []
