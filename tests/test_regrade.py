"""Regrading with a diff (regrade.py): the diff itself on synthetic records, the basis across a
killed and resumed regrade through batch.grade_class with a stand-in grader, and one real regrade
of a small class."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from autograder import batch, catalogue, regrade, release
from autograder.grading import CaseResult, Question, QuestionResult
from autograder.record import SubmissionRecord
from autograder.sandbox import Limits

QUESTIONS = [Question("q1", 2.0, False), Question("q2", 3.0, False), Question("q8", 2.0, True)]
INJECTION = "<script>alert(1)</script>"


def record(name, q1, q2, key="k-old", status="graded", message="期望 1\nexpected 1, got 0."):
    """A record with q1 and q2 worth 2 and 3 points; a question short of full points carries one
    failed case with ``message``."""
    def question(qname, points, possible):
        cases = [CaseResult(f"{qname} - 1", points, possible, points >= possible, True,
                            "" if points >= possible else f"{qname} {message}")]
        return QuestionResult(qname, points, possible, cases=cases)

    return SubmissionRecord(name, f"{name}.ipynb", key, status,
                            "无法读取\nthe notebook is not valid JSON" if status != "graded" else "",
                            [question("q1", q1, 2.0), question("q2", q2, 3.0),
                             QuestionResult("q8", 0.0, 2.0, manual=True)])


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the diff --------------------------------------------------------------------------------------

@pytest.fixture
def before_after():
    basis = {name: record(name, *points) for name, points in
             {"up": (0, 3), "down": (2, 3), "swap": (2, 0), "same": (1, 1), "=cmd": (0, 0),
              "now broken": (2, 3), "gone": (2, 3)}.items()}
    basis["not regraded"] = record("not regraded", 0, 0, key="k-new")
    after = [record("up", 2, 3, "k-new"), record("down", 2, 1.5, "k-new"),
             record("swap", 0, 2, "k-new"), record("same", 1, 1, "k-new"),
             record("=cmd", 1, 0, "k-new", message=INJECTION),
             record("now broken", 0, 0, "k-new", status="error"),
             record("not regraded", 2, 3, "k-new"), record("new one", 2, 3, "k-new")]
    return basis, after


def test_diff_lists_changed_submissions_and_counts_up_and_down(before_after):
    basis, after = before_after
    result = regrade.diff(basis, after, QUESTIONS)
    assert result.questions == ["q1", "q2"]  # the manual question is not compared
    # regraded: everything in the basis with another key now ("not regraded" kept its key,
    # "gone" has no record now, "new one" has no basis).
    assert result.regraded == 6
    assert [c.submission for c in result.changes] == ["=cmd", "down", "now broken", "swap", "up"]
    assert {c.submission: c.changed for c in result.changes}["down"] == ["q2"]
    assert (result.up, result.down) == (2, 2)
    assert regrade.summary_line(result) == (
        "5 份成绩有变化：2 份上升，2 份下降，1 份总分不变（各题得分有变） / "
        "5 scores changed: 2 up, 2 down, 1 with the same total (different points per question)")


def test_summary_line_reads_as_in_the_issue():
    ups = [regrade.Change(f"u{i}", record(f"u{i}", 0, 0), record(f"u{i}", 2, 0, "k-new"), ["q1"])
           for i in range(9)]
    downs = [regrade.Change(f"d{i}", record(f"d{i}", 2, 0), record(f"d{i}", 0, 0, "k-new"), ["q1"])
             for i in range(3)]
    line = regrade.summary_line(regrade.Diff(["q1", "q2"], 20, ups + downs))
    assert line == "12 份成绩有变化：9 份上升，3 份下降 / 12 scores changed: 9 up, 3 down"


def test_diff_csv_rows_messages_and_formula_guard(before_after, tmp_path):
    basis, after = before_after
    (tmp_path / regrade.BASIS).write_text(json.dumps(
        {"records": {n: r.to_json() for n, r in basis.items()}}), encoding="utf-8")
    section = regrade.write_diff(tmp_path, after, QUESTIONS)
    raw = (tmp_path / regrade.DIFF).read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = {r["submission"]: r for r in read_csv(tmp_path / regrade.DIFF)}
    assert list(rows["up"]) == ["submission", "q1_old", "q1_new", "q2_old", "q2_new", "total_old",
                                "total_new", "change", "status_old", "status_new", "messages"]
    assert set(rows) == {"'=cmd", "down", "now broken", "swap", "up"}
    assert (rows["down"]["q2_old"], rows["down"]["q2_new"], rows["down"]["total_old"],
            rows["down"]["total_new"], rows["down"]["change"]) == ("3", "1.5", "5", "3.5", "-1.5")
    assert rows["down"]["messages"] == "q2: q2 期望 1 / expected 1, got 0."
    assert rows["up"]["messages"] == "q1: 全部通过 / all tests passed"
    assert rows["swap"]["messages"].startswith("q1: q1 期望") and "; q2: q2 期望" in \
        rows["swap"]["messages"]
    assert rows["now broken"]["status_new"] == "error"
    assert rows["now broken"]["messages"] == "error: 无法读取 / the notebook is not valid JSON"
    # the report's section: same rows, escaped by the template
    assert section["summary"].endswith("5 scores changed: 2 up, 2 down, 1 with the same total "
                                       "(different points per question)")
    assert [r["name"] for r in section["rows"]] == ["=cmd", "down", "now broken", "swap", "up"]
    assert section["rows"][4]["change"] == "▲ +2" and section["rows"][1]["change"] == "▼ -1.5"
    from autograder import report
    report.write_report(after, QUESTIONS, tmp_path / "report.html", "r", regrade=section)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    part = page.split('id="regrade"')[1].split("</section>")[0]
    assert "5 scores changed: 2 up, 2 down" in part and "重新评分" in part
    assert "<strong>3 → 1.5</strong>" in part
    assert INJECTION not in page and "&lt;script&gt;" in part


def test_a_message_repeated_by_several_cases_is_listed_once():
    new = record("a", 0, 3, "k-new")
    new.questions[0].cases.append(CaseResult("q1 - 2", 0.0, 1.0, False, True,
                                             new.questions[0].cases[0].message))
    change = regrade.Change("a", record("a", 2, 3), new, ["q1"])
    assert regrade.new_messages(change) == [("q1", "q1 期望 1\nexpected 1, got 0.")]


def test_no_basis_means_no_diff_file_and_no_section(before_after, tmp_path):
    _, after = before_after
    assert regrade.write_diff(tmp_path, after, QUESTIONS) is None
    (tmp_path / regrade.BASIS).write_text("{ damaged", encoding="utf-8")
    assert regrade.write_diff(tmp_path, after, QUESTIONS) is None
    assert not (tmp_path / regrade.DIFF).exists()


def test_a_regrade_that_changes_nothing_says_so(tmp_path):
    regrade.remember(tmp_path, {"a": record("a", 2, 3)})
    section = regrade.write_diff(tmp_path, [record("a", 2, 3, "k-new")], QUESTIONS)
    assert section["regraded"] == 1 and section["rows"] == []
    assert section["summary"].endswith("0 scores changed: 0 up, 0 down")
    assert len(read_csv(tmp_path / regrade.DIFF)) == 0


def test_merged_shards_have_the_union_of_their_bases(tmp_path):
    one, two, merged = tmp_path / "1", tmp_path / "2", tmp_path / "merged"
    regrade.remember(one, {"a": record("a", 0, 3)})
    regrade.remember(two, {"b": record("b", 2, 3)})
    regrade.merge_bases([one, two, tmp_path / "no basis"], merged)
    assert sorted(regrade.load_basis(merged)) == ["a", "b"]
    regrade.merge_bases([tmp_path / "no basis"], tmp_path / "none")
    assert not (tmp_path / "none" / regrade.BASIS).exists()


# -- the basis through grade_class, with a stand-in grader -----------------------------------------

class FakeGrader:
    """Stands in for batch._run: scores come from ``scores[version][name]``, and the grader stops
    (as if killed) after ``stop_after`` submissions. Saves each record as the real one does."""

    def __init__(self, scores):
        self.scores, self.stop_after, self.graded = scores, None, []

    def __call__(self, assignment_name, dist, out, jobs, workers, limits, hide=()):
        for job in jobs:
            if self.stop_after is not None and len(self.graded) >= self.stop_after:
                raise KeyboardInterrupt
            version = job.key.split("-", 1)[1]
            rec = record(job.name, *self.scores[version][job.name], key=job.key)
            batch.save(Path(out), rec)
            self.graded.append(job.name)
            yield rec


@pytest.fixture
def fake_class(tmp_path, monkeypatch):
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("ann", "ben", "cai", "dee"):
        (folder / f"{name}.ipynb").write_text(f"notebook of {name}", encoding="utf-8")
    scores = {"v1": {"ann": (2, 3), "ben": (0, 3), "cai": (2, 0), "dee": (1, 1)},
              "v2": {"ann": (2, 3), "ben": (2, 3), "cai": (2, 1.5), "dee": (0, 0)},
              "v3": {"ann": (0, 3), "ben": (2, 3), "cai": (2, 1.5), "dee": (0, 0)}}
    grader = FakeGrader(scores)
    monkeypatch.setattr(batch, "_run", grader)
    assignment = SimpleNamespace(name="fake", version="v1", questions=QUESTIONS)

    def grade(version, stop_after=None):
        assignment.version, grader.stop_after, grader.graded = version, stop_after, []
        batch.grade_class(assignment, folder, tmp_path / "out", workers=1, limits=Limits(),
                          dist=tmp_path, self_test=False, progress=Quiet())
        return grader.graded

    return SimpleNamespace(folder=folder, out=tmp_path / "out", grade=grade)


class Quiet:
    def step(self, record):
        pass

    def close(self):
        pass


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def diff_rows(out: Path) -> dict[str, dict]:
    return {r["submission"]: r for r in read_csv(out / regrade.DIFF)}


def test_no_regrade_writes_nothing_new_and_keeps_outputs_identical(fake_class):
    assert fake_class.grade("v1") == ["ann", "ben", "cai", "dee"]
    first = outputs(fake_class.out)
    assert regrade.DIFF not in first and regrade.BASIS not in first
    assert 'id="regrade"' not in first["report.html"].decode()
    assert fake_class.grade("v1") == []  # nothing to grade again
    assert outputs(fake_class.out) == first


def test_a_killed_regrade_resumes_into_the_full_diff(fake_class):
    fake_class.grade("v1")
    with pytest.raises(KeyboardInterrupt):
        fake_class.grade("v2", stop_after=2)  # ann and ben regraded, then killed
    partial = diff_rows(fake_class.out)
    assert set(partial) == {"ben"}  # ann's points did not change
    assert fake_class.grade("v2") == ["cai", "dee"]  # the resumed run grades only the rest
    rows = diff_rows(fake_class.out)
    assert set(rows) == {"ben", "cai", "dee"}
    assert (rows["ben"]["q1_old"], rows["ben"]["q1_new"]) == ("0", "2")
    assert (rows["cai"]["total_old"], rows["cai"]["total_new"]) == ("2", "3.5")
    assert (rows["dee"]["total_old"], rows["dee"]["total_new"]) == ("2", "0")
    page = (fake_class.out / "report.html").read_text(encoding="utf-8")
    assert "3 scores changed: 2 up, 1 down" in page
    # a rerun that regrades nothing writes the same diff and report again
    done = outputs(fake_class.out)
    assert fake_class.grade("v2") == []
    assert outputs(fake_class.out) == done


def test_the_next_regrade_starts_a_fresh_diff(fake_class):
    fake_class.grade("v1")
    fake_class.grade("v2")
    fake_class.grade("v3")  # only ann changes from v2 to v3
    rows = diff_rows(fake_class.out)
    assert set(rows) == {"ann"}
    assert (rows["ann"]["q1_old"], rows["ann"]["q1_new"]) == ("2", "0")
    assert "1 score changed: 0 up, 1 down" in \
        (fake_class.out / "report.html").read_text(encoding="utf-8")


def test_a_changed_file_is_a_regrade_of_that_submission(fake_class):
    fake_class.grade("v2")
    (fake_class.folder / "dee.ipynb").write_text("dee's second try", encoding="utf-8")
    fake_class.grade("v3")  # dee's content and the version changed: all four regraded
    rows = diff_rows(fake_class.out)
    assert set(rows) == {"ann"}  # dee: (0, 0) in v2 and v3
    basis = regrade.load_basis(fake_class.out)
    assert sorted(basis) == ["ann", "ben", "cai", "dee"]
    assert all(r.key.endswith("-v2") for r in basis.values())


# -- a real regrade --------------------------------------------------------------------------------

def test_a_real_regrade_after_a_grader_change(assignment, built, tmp_path):
    """Grade four submissions; then make their saved results look graded by an older grader that
    gave other points, and grade again: the real grader restores the points, and the diff says
    whose changed and why."""
    folder = tmp_path / "class"
    folder.mkdir()
    solution = built["param-init"]["solution"]
    wrong = {e.name: e for e in catalogue.load("param-init")}["q3-wrong-fan-in-only"]
    nbformat.write(catalogue.notebook_with(solution, []), folder / "alice.ipynb")
    nbformat.write(catalogue.notebook_with(solution, [wrong.code]), folder / "张三.ipynb")
    shutil.copyfile(built["param-init"]["student"], folder / "bob.ipynb")
    (folder / "broken.ipynb").write_text("{ not json", encoding="utf-8")
    out = tmp_path / "out"

    def grade():
        return batch.grade_class(assignment, folder, out, workers=1, limits=Limits(timeout=30),
                                 dist=release.DIST, self_test=False, progress=Quiet())

    first = {r.submission: r for r in grade()}
    assert not (out / regrade.DIFF).exists()
    for name in first:  # an older grader: other version, alice lost q1, 张三 had q3 right
        path = batch.results_path(out, name)
        data = json.loads(path.read_text(encoding="utf-8"))
        kit = data["extra_data"]["kit"]
        kit["key"] = kit["key"].split("-")[0] + "-0ldversion0000"
        for question in kit["questions"]:
            if (name, question["name"]) in (("alice", "q1"), ("张三", "q3")):
                question["points"] = 0.0 if name == "alice" else question["possible"]
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = {r.submission: r for r in grade()}
    assert {n: r.total for n, r in second.items()} == {n: r.total for n, r in first.items()}
    rows = diff_rows(out)
    assert set(rows) == {"alice", "张三"}
    assert float(rows["alice"]["q1_new"]) > float(rows["alice"]["q1_old"]) == 0
    assert float(rows["张三"]["q3_new"]) < float(rows["张三"]["q3_old"])
    assert "fan_in" in rows["张三"]["messages"] and rows["alice"]["messages"].startswith("q1: ")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "2 scores changed: 1 up, 1 down" in page
