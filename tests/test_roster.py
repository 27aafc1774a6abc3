"""The roster (roster.py): matching file names to students, reading the TA's CSV files, and the
gradebook with one row per student, late penalties applied; on synthetic records (no grading)."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder import lateness, roster, shards
from autograder.grading import Question
from autograder.record import SubmissionRecord
from autograder.roster import Matcher, Options, RosterError, Student

DEADLINE = datetime(2026, 12, 1, 23, 59, tzinfo=timezone(timedelta(hours=8)))
QUESTIONS = [Question("q1", 2.0, False), Question("q2", 3.0, False), Question("q8", 2.0, True)]


def students(*rows) -> list[Student]:
    return [Student(*row) for row in rows]


def matched(file_name: str, people: list[Student]) -> str | None:
    found = Matcher(people).match(file_name)
    return found.student.id if found.student else None


CLASS = students(("2025001", "Zhang San", "zhangsan@uni.edu"), ("2025002", "李四"),
                 ("2025003", "José García"), ("2025004", "Lin Wei"), ("12345", "Wang Wu"))


@pytest.mark.parametrize("file_name, expected", [
    # Moodle: Full Name_participantid_assignsubmission_file_original
    ("Zhang San_98765_assignsubmission_file_hw1.ipynb", "2025001"),
    ("San Zhang_98765_assignsubmission_file_homework 1.ipynb", "2025001"),
    ("Somebody Else_12345_assignsubmission_file_hw1.ipynb", "12345"),  # the LMS id is on the roster
    ("李四_4_assignsubmission_file_作业.ipynb", "2025002"),
    # Canvas: lastfirst[_late]_userid_fileid_original
    ("zhangsan_4711_99821_hw1.ipynb", "2025001"),
    ("sanzhang_late_4711_99821_hw1-1.ipynb", "2025001"),
    ("garciajose_LATE_4712_99822_param.zip", "2025003"),
    ("wangwu_12345_1_hw1.ipynb", "12345"),
    # an id, or the user part of the email, as whole words
    ("2025004_hw1.ipynb", "2025004"),
    ("hw1-zhangsan.ipynb", "2025001"),
    # a name, in any order, any case, any separator, accents ignored
    ("ZHANG_San hw1.ipynb", "2025001"),
    ("san.zhang.ipynb", "2025001"),
    ("wei-lin (1).ipynb", "2025004"),
    ("Jose Garcia final.ipynb", "2025003"),
    ("garcia_josé.zip", "2025003"),
    ("李四作业.ipynb", "2025002"),  # no spaces between Chinese words
    # no match: a different person, or a name that is only part of a word
    ("lin.ipynb", None),
    ("zhang_si.ipynb", None),
    ("linwei2.ipynb", None),
    ("notebook.ipynb", None),
])
def test_file_names_are_matched_to_students(file_name, expected):
    assert matched(file_name, CLASS) == expected


def test_an_id_beats_a_name_and_the_longest_name_wins():
    people = students(("a1", "Zhang San"), ("a2", "Li Si"), ("a3", "晓明"), ("a4", "李晓明"))
    assert matched("zhang san a2.ipynb", people) == "a2"
    assert matched("李晓明_hw.ipynb", people) == "a4"
    assert matched("晓明_hw.ipynb", people) == "a3"


def test_two_students_of_the_same_name_are_not_guessed():
    people = students(("a1", "Zhang San"), ("a2", "Zhang San"), ("a3", "Li Si"))
    found = Matcher(people).match("zhang san.ipynb")
    assert found.student is None and {s.id for s in found.candidates} == {"a1", "a2"}
    assert matched("zhang san a2.ipynb", people) == "a2"  # the id settles it


# -- the TA's files ------------------------------------------------------------------------------

def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_roster_is_read_with_optional_columns(tmp_path):
    path = write(tmp_path / "r.csv", "\ufeffID , Name,Email,Submitted_At,section\n"
                 "s1,Zhang San,zs@uni.edu,2026-12-01T20:00+08:00,A\n\n"
                 "s2,李四,,,B\n")
    first, second = roster.read_roster(path)
    assert first == Student("s1", "Zhang San", "zs@uni.edu", DEADLINE - timedelta(hours=3, minutes=59))
    assert second == Student("s2", "李四", "", None)
    plain = roster.read_roster(write(tmp_path / "p.csv", "id,name\ns1,A\n"))
    assert plain == [Student("s1", "A")]


@pytest.mark.parametrize("text, says", [
    ("id,email\ns1,a@b\n", "name"),
    ("id,name\ns1,A\ns1,B\n", "line 3"),
    ("id,name\n,A\n", "line 2"),
    ("id,name,submitted_at\ns1,A,2026-12-01 20:00\n", "offset"),
    ("id,name,submitted_at\ns1,A,tuesday\n", "ISO 8601"),
    ("id,name\n", "no students"),
])
def test_a_bad_roster_is_refused_in_both_languages(tmp_path, text, says):
    with pytest.raises(RosterError) as caught:
        roster.read_roster(write(tmp_path / "r.csv", text))
    assert says in caught.value.en
    assert any("\u4e00" <= c <= "\u9fff" for c in caught.value.zh)


def test_a_roster_that_is_not_utf8_or_not_there_is_refused(tmp_path):
    with pytest.raises(RosterError, match="UTF-8"):
        roster.read_roster(write(tmp_path / "gbk.csv", "id,name\ns1,张三\n", encoding="gbk"))
    with pytest.raises(RosterError, match="cannot read"):
        roster.read_roster(tmp_path / "absent.csv")


def test_extensions_name_students_on_the_roster(tmp_path):
    people = students(("s1", "A"), ("s2", "B"))
    path = write(tmp_path / "e.csv", "id,deadline\ns2,2026-12-03T23:59+08:00\n")
    assert roster.read_extensions(path, people) == {"s2": DEADLINE + timedelta(days=2)}
    for text, says in (("id,deadline\ns9,2026-12-03T23:59+08:00\n", "not on the roster"),
                       ("id,deadline\ns1,2026-12-03T23:59+08:00\ns1,2026-12-04T23:59+08:00\n",
                        "twice"),
                       ("id,deadline\ns1,2026-12-03\n", "offset"),
                       ("id,until\ns1,2026-12-03T23:59+08:00\n", "deadline")):
        with pytest.raises(RosterError, match=says):
            roster.read_extensions(write(tmp_path / "bad.csv", text), people)


def test_options_are_checked_together(tmp_path):
    path = write(tmp_path / "r.csv", "id,name\ns1,A\n")
    extensions = write(tmp_path / "e.csv", "id,deadline\ns1,2026-12-03T23:59+08:00\n")
    with pytest.raises(RosterError, match="need a --deadline"):
        roster.load_options(roster=path, late_policy="cutoff")
    with pytest.raises(RosterError, match="needs a --roster"):
        roster.load_options(deadline="2026-12-01T23:59+08:00", extensions=extensions)
    with pytest.raises(lateness.LatenessError):
        roster.load_options(deadline="2026-12-01T23:59+08:00", late_policy="10%")
    options = roster.load_options(roster=path, deadline="2026-12-01T23:59+08:00",
                                  late_policy="per-day=10,cap=50", extensions=extensions)
    assert options.active and options.deadline == DEADLINE and options.extensions
    assert Options.from_json(options.to_json()) == options
    assert not roster.load_options().active


# -- the class view and its gradebook ------------------------------------------------------------

def record(name: str, file: str, q1: float, q2: float, status: str = "graded") -> SubmissionRecord:
    questions = [{"name": "q1", "points": q1, "possible": 2.0, "manual": False, "cases": []},
                 {"name": "q2", "points": q2, "possible": 3.0, "manual": False, "cases": []},
                 {"name": "q8", "points": 0.0, "possible": 2.0, "manual": True, "cases": []}]
    return SubmissionRecord.from_json({"submission": name, "file": file, "key": "k",
                                       "status": status, "questions": questions, "seconds": 1.5})


@pytest.fixture
def view() -> roster.ClassView:
    people = [Student("s1", "Zhang San", "", DEADLINE + timedelta(days=1, seconds=1)),  # 2 days
              Student("s2", "Li Si"),                  # late by mtime, 1 started day
              Student("s3", "Wang Wu"),                # two files, the later one counts
              Student("s4", "Zhao Liu", "", DEADLINE + timedelta(hours=5)),  # has an extension
              Student("s5", "Chen Qi")]                # nothing submitted
    records = [record("zhang san", "zhang san.ipynb", 2, 3),
               record("li si", "li si.ipynb", 2, 1),
               record("wang wu v1", "wang wu v1.ipynb", 2, 3),
               record("wang wu v2", "wang wu v2.ipynb", 1, 0),
               record("zhao liu", "zhao liu.ipynb", 0, 3),
               record("=cmd stranger", "=cmd stranger.ipynb", 2, 3)]
    modified = {"li si": DEADLINE + timedelta(minutes=1),
                "wang wu v1": DEADLINE - timedelta(hours=2),
                "wang wu v2": DEADLINE - timedelta(hours=1),
                "zhang san": DEADLINE - timedelta(days=3)}  # the roster column wins over this
    options = Options(people, DEADLINE, lateness.parse_policy("per-day=10,cap=50"),
                      {"s4": DEADLINE + timedelta(days=1)})
    return roster.class_view(records, options, modified)


def gradebook_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert all(len(line) == len(lines[0]) for line in lines)
    return [dict(zip(lines[0], line)) for line in lines[1:]]


def test_one_gradebook_row_per_student_with_penalties(view, tmp_path):
    roster.write_gradebook(view, QUESTIONS, tmp_path / "gradebook.csv")
    rows = gradebook_rows(tmp_path / "gradebook.csv")
    assert [r["id"] for r in rows] == ["s1", "s2", "s3", "s4", "s5"]
    got = {r["id"]: (r["submission"], r["status"], r["total"], r["late_days"],
                     r["penalty_percent"], r["penalised_total"], r["submitted_at_source"])
           for r in rows}
    assert got == {
        "s1": ("zhang san", "graded", "5", "2", "20", "4", "roster column"),
        "s2": ("li si", "graded", "3", "1", "10", "2.7", "file mtime"),
        "s3": ("wang wu v2", "graded", "1", "0", "0", "1", "file mtime"),
        "s4": ("zhao liu", "graded", "3", "0", "0", "3", "roster column"),
        "s5": ("", "missing", "0", "", "", "0", ""),
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["s5"]["q1"] == "0" and by_id["s5"]["possible"] == "5"
    assert by_id["s3"]["other_files"] == "wang wu v1.ipynb"
    assert by_id["s4"]["deadline"] == "2026-12-02T23:59:00+08:00"  # the extension
    assert by_id["s2"]["submitted_at"] == "2026-12-02T00:00:00+08:00"
    assert list(rows[0])[:6] == ["id", "name", "email", "submission", "status", "q1"]


def test_the_report_section_and_the_command_line_list_what_needs_a_person(view):
    section = roster.report_section(view)
    assert [m["id"] for m in section["missing"]] == ["s5"]
    assert [u["file"] for u in section["unmatched"]] == ["=cmd stranger.ipynb"]
    assert section["several"] == [{"id": "s3", "name": "Wang Wu", "counted": "wang wu v2.ipynb",
                                   "others": ["wang wu v1.ipynb"]}]
    assert [(r["id"], r["late_days"], r["penalised"]) for r in section["late"]] == \
        [("s1", 2, "4"), ("s2", 1, "2.7")]
    text = "\n".join(roster.summary_lines(view))
    assert "s5 Chen Qi" in text and "=cmd stranger.ipynb" in text
    assert "wang wu v1.ipynb, wang wu v2.ipynb" in text and "late: 2" in text


def test_the_report_shows_the_section(view, tmp_path):
    from autograder import report

    records = [r for r in [row.record for row in view.rows] if r is not None]
    report.write_report(records, QUESTIONS, tmp_path / "report.html", title="t",
                        roster=roster.report_section(view))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="roster"' in page and "Chen Qi" in page and "=cmd stranger.ipynb" in page
    assert "2026-12-01T23:59:00+08:00" in page
    report.write_report(records, QUESTIONS, tmp_path / "plain.html", title="t")
    assert 'id="roster"' not in (tmp_path / "plain.html").read_text(encoding="utf-8")


def test_a_deadline_without_a_roster_keeps_one_row_per_submission(tmp_path):
    records = [record("b", "b.ipynb", 2, 3), record("a", "a.ipynb", 1, 3)]
    options = Options(None, DEADLINE, lateness.parse_policy("cutoff"))
    view = roster.class_view(records, options, {"a": DEADLINE + timedelta(seconds=1)})
    roster.write_gradebook(view, QUESTIONS, tmp_path / "g.csv")
    rows = gradebook_rows(tmp_path / "g.csv")
    assert [(r["submission"], r["penalised_total"], r["late_days"]) for r in rows] == \
        [("a", "0", "1"), ("b", "5", "")]
    assert "id" not in rows[0] and "other_files" not in rows[0]


def test_without_roster_or_deadline_the_summaries_are_the_plain_ones(tmp_path):
    """run.json without options (or of a shard): write_summaries keeps today's gradebook."""
    class Assignment:
        name, version, questions = "demo", "v1", QUESTIONS

    class Job:
        def __init__(self, name):
            self.name, self.path, self.key = name, str(tmp_path / f"{name}.ipynb"), "k"
            Path(self.path).write_text("{}")

    records = [record("a", "a.ipynb", 1, 3)]
    shards.write_run(tmp_path, Assignment, [Job("a")], [Job("a")], None, None)
    assert shards.summary_view(tmp_path, records) is None
    options = Options(students(("s1", "A")), None)
    shards.write_run(tmp_path, Assignment, [Job("a")], [Job("a")], options, shards.Shard(1, 2))
    assert shards.summary_view(tmp_path, records) is None  # a shard's summaries are plain
    shards.write_run(tmp_path, Assignment, [Job("a")], [Job("a")], options, None)
    assert shards.summary_view(tmp_path, records).rows[0].record.submission == "a"


def test_the_sample_class_roster_has_two_absent_students_and_one_late_submission(tmp_path):
    """sample_class.write_roster on the file names make_sample_class would write (seed 0, 40)."""
    import random

    from autograder import sample_class

    names = sample_class._file_names(random.Random(0), 40)
    manifest = [{"file": f"{n}.ipynb", "kind": "correct" if i % 3 else "broken"}
                for i, n in enumerate(names)]
    facts = sample_class.write_roster(tmp_path / "roster.csv", manifest)
    people = roster.read_roster(tmp_path / "roster.csv")
    assert len(people) == 42 and facts["missing"] == ["student_41", "student_42"]
    records = [record(Path(m["file"]).stem, m["file"], 2, 3) for m in manifest]
    options = Options(people, datetime.fromisoformat(sample_class.DEMO_DEADLINE),
                      lateness.parse_policy("per-day=10,cap=50"))
    view = roster.class_view(records, options, {})
    assert not view.unmatched and not view.several
    assert [r.student.id for r in view.missing] == facts["missing"]
    assert [(r.record.file, r.late_days, r.penalised_total) for r in view.late] == \
        [(facts["late"], 2, 4.0)]
    assert all(r.record.file == manifest[i]["file"] for i, r in enumerate(view.rows[:40]))
