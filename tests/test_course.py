"""The course gradebook (course.py, `python -m autograder course`) on synthetic graded folders:
joining by submission name and by roster id, weights, missing work, the penalised total, the
Canvas and Moodle files, bad input (a bilingual error and nothing written), escaping."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest

from autograder import cli, course, report, shards

PLAIN = ["submission", "status", "total", "possible"]
ROSTER = ["id", "name", "email", "submission", "status", "total", "penalised_total", "possible"]


def graded(root, folder, assignment, header, rows, marker="run", shard=None):
    """A graded output folder as `grade` leaves it, reduced to what `course` reads."""
    path = root / folder
    path.mkdir()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    (path / "gradebook.csv").write_text(buffer.getvalue(), encoding="utf-8-sig")
    if marker == "run":
        shards.write_run(path, SimpleNamespace(name=assignment, version="0123abcd"), [], [],
                         None, shards.parse_shard(shard) if shard else None)
    elif marker == "report":
        report.write_report([], [], path / "report.html", title=f"{assignment}: grading report")
    return path


def weights(root, text, name="w.csv"):
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def plain(tmp_path):
    """Two assignments without a roster: bob has no hw2, carol no hw1."""
    one = graded(tmp_path, "out1", "hw1", PLAIN, [["alice", "graded", "2", "4"],
                                                  ["bob", "graded", "4", "4"]])
    two = graded(tmp_path, "out2", "hw2", PLAIN, [["alice", "graded", "10", "10"],
                                                  ["carol", "timeout", "0", "10"],
                                                  ["dan", "graded", "5", "10"]])
    return [one, two], weights(tmp_path, "assignment,weight\nhw1,1\nhw2,3\n")


def run(folders, weights_path, out, *extra) -> int:
    return cli.main(["course", *map(str, folders), "--weights", str(weights_path),
                     "--out", str(out), *extra])


def read_csv(path, encoding="utf-8-sig") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def by_first_column(rows) -> dict[str, list[str]]:
    return {row[0]: row for row in rows[1:]}


# -- joining ---------------------------------------------------------------------------------------

def test_course_total_is_the_weighted_mean_of_fractions_and_missing_counts_zero(plain, tmp_path,
                                                                                capsys):
    folders, weights_path = plain
    assert run(folders, weights_path, tmp_path / "course") == 0
    rows = read_csv(tmp_path / "course" / "course.csv")
    assert rows[0] == ["submission", "hw1", "hw1 %", "hw2", "hw2 %", "course %", "missing"]
    assert by_first_column(rows) == {
        # (1 * 2/4 + 3 * 10/10) / 4 = 87.5%
        "alice": ["alice", "2", "50", "10", "100", "87.5", ""],
        "bob": ["bob", "4", "100", "0", "0", "25", "hw2"],
        # a timeout is graded work (0 points), not missing work
        "carol": ["carol", "0", "0", "0", "0", "0", "hw1"],
        "dan": ["dan", "0", "0", "5", "50", "37.5", "hw1"],
    }
    printed = capsys.readouterr().out
    assert "3 名学生缺交" in printed and "students miss work" in printed
    assert "bob (hw2)" in printed and "dan (hw1)" in printed
    page = (tmp_path / "course" / "course.html").read_text(encoding="utf-8")
    for section in ("headline", "method", "assignments", "distributions", "missing", "students"):
        assert f'id="{section}"' in page
    assert "weighted mean of the per-assignment fractions" in page
    assert "joined by submission name" in page


def test_roster_ids_join_names_come_along_and_the_penalised_total_is_used(tmp_path):
    one = graded(tmp_path, "out1", "hw1", ROSTER, [
        ["s1", "Ann Lee", "ann@uni.edu", "ann_hw1", "graded", "8", "6", "10"],
        ["s2", "Bo Chen", "bo@uni.edu", "", "missing", "0", "", "10"],
        ["s3", "Cy", "", "cy", "graded", "5", "", "10"],  # no penalised total: the total counts
        ["", "", "", "stranger", "graded", "9", "9", "10"],  # a file that matched nobody
    ])
    two = graded(tmp_path, "out2", "hw2", ROSTER[:6] + ["possible"], [
        ["s1", "Ann Lee", "ann@uni.edu", "ann-second", "graded", "4", "5"],
        ["s2", "Bo Chen", "bo@uni.edu", "bo", "graded", "5", "5"],
        ["s3", "Cy", "", "cy", "graded", "0", "5"],
    ])
    assert run([one, two], weights(tmp_path, "assignment,weight\nhw1,50\nhw2,50\n"),
               tmp_path / "course") == 0
    rows = read_csv(tmp_path / "course" / "course.csv")
    assert rows[0] == ["id", "name", "email", "hw1", "hw1 %", "hw2", "hw2 %", "course %",
                       "missing"]
    assert by_first_column(rows) == {
        "s1": ["s1", "Ann Lee", "ann@uni.edu", "6", "60", "4", "80", "70", ""],
        "s2": ["s2", "Bo Chen", "bo@uni.edu", "0", "0", "5", "100", "50", "hw1"],
        "s3": ["s3", "Cy", "", "5", "50", "0", "0", "25", ""],
    }
    page = (tmp_path / "course" / "course.html").read_text(encoding="utf-8")
    assert "joined by their roster id" in page
    assert "total after the late penalty" in page and "penalised_total" in page
    assert "stranger" in page and "has no id" in page  # the unmatched row is listed, not joined


def test_several_rows_for_one_student_keep_the_higher_score_and_say_so(tmp_path):
    one = graded(tmp_path, "out1", "hw1", ["id", "submission", "total", "possible"],
                 [["s1", "a", "3", "10"], ["s1", "b", "7", "10"], ["s1", "c", "5", "10"]])
    joined = course.build_course([one], weights(tmp_path, "assignment,weight\nhw1,1\n"))
    assert [(s.key, s.points) for s in joined.students] == [("s1", {"hw1": 7.0})]
    assert any("several rows" in note for note in joined.notes)


def test_differing_possible_points_use_the_largest_and_say_so(tmp_path):
    one = graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "6", "8"],
                                                  ["b", "graded", "6", "10"]])
    joined = course.build_course([one], weights(tmp_path, "assignment,weight\nhw1,1\n"))
    assert [s.percent for s in joined.students] == [60.0, 60.0]
    assert any("possible points differ (8, 10)" in note for note in joined.notes)


def test_the_assignment_is_read_from_the_report_title_without_assignment_json(tmp_path):
    folder = graded(tmp_path, "old", "hw <1> & co", PLAIN, [["a", "graded", "1", "2"]],
                    marker="report")
    assert course.assignment_name(folder) == "hw <1> & co"


def test_the_assignment_is_read_from_run_json_before_the_report_title(tmp_path):
    folder = graded(tmp_path, "out", "hw9", PLAIN, [["a", "graded", "1", "2"]])
    report.write_report([], [], folder / "report.html", title="other: grading report")
    assert course.assignment_name(folder) == "hw9"


# -- LMS files -------------------------------------------------------------------------------------

@pytest.fixture
def roster_folders(tmp_path):
    one = graded(tmp_path, "out1", "hw1", ROSTER[:6] + ["possible"],
                 [["s1", "Ann Lee", "ann@uni.edu", "x", "graded", "3", "4"],
                  ["s2", "Bo Chen", "", "y", "missing", "0", "4"]])
    two = graded(tmp_path, "out2", "hw2", ROSTER[:6] + ["possible"],
                 [["s1", "Ann Lee", "ann@uni.edu", "x", "graded", "7.5", "10"],
                  ["s2", "Bo Chen", "", "y", "graded", "10", "10"]])
    return [one, two], weights(tmp_path, "assignment,weight\nhw1,1\nhw2,1\n")


def test_canvas_file_has_its_header_points_possible_and_sis_ids(roster_folders, tmp_path):
    folders, weights_path = roster_folders
    assert run(folders, weights_path, tmp_path / "c", "--lms", "canvas") == 0
    path = tmp_path / "c" / "canvas-import.csv"
    assert path.read_bytes().startswith(b"Student,ID,SIS User ID,SIS Login ID,Section,")  # no BOM
    assert read_csv(path, encoding="utf-8") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "hw1", "hw2"],
        ["Points Possible", "", "", "", "", "4", "10"],
        ["Ann Lee", "", "s1", "ann@uni.edu", "", "3", "7.5"],
        ["Bo Chen", "", "s2", "", "", "0", "10"],
    ]
    assert not (tmp_path / "c" / "moodle-import.csv").exists()


def test_canvas_file_without_a_roster_names_students_by_submission(plain, tmp_path):
    folders, weights_path = plain
    assert run(folders, weights_path, tmp_path / "c", "--lms", "canvas") == 0
    rows = read_csv(tmp_path / "c" / "canvas-import.csv", encoding="utf-8")
    assert rows[1] == ["Points Possible", "", "", "", "", "4", "10"]
    assert rows[2] == ["alice", "", "", "", "", "2", "10"]


def test_moodle_file_has_identifier_columns_then_points(roster_folders, tmp_path):
    folders, weights_path = roster_folders
    assert run(folders, weights_path, tmp_path / "m", "--lms", "moodle") == 0
    assert read_csv(tmp_path / "m" / "moodle-import.csv", encoding="utf-8") == [
        ["ID number", "Email address", "Full name", "hw1", "hw2"],
        ["s1", "ann@uni.edu", "Ann Lee", "3", "7.5"],
        ["s2", "", "Bo Chen", "0", "10"],
    ]


def test_moodle_file_without_a_roster_warns_that_it_can_hardly_match(plain, tmp_path, capsys):
    folders, weights_path = plain
    assert run(folders, weights_path, tmp_path / "m", "--lms", "moodle") == 0
    assert read_csv(tmp_path / "m" / "moodle-import.csv", encoding="utf-8")[0] == [
        "Submission", "hw1", "hw2"]
    printed = capsys.readouterr().out
    assert "Moodle usernames" in printed and "--roster" in printed


def test_formulas_in_names_are_defused_in_every_csv(tmp_path):
    evil = "=HYPERLINK(\"http://x\")"
    one = graded(tmp_path, "out1", "hw1", ["id", "name", "submission", "total", "possible"],
                 [["@s1", evil, "a", "1", "2"]])
    for lms in ("canvas", "moodle"):
        out = tmp_path / lms
        assert run([one], weights(tmp_path, "assignment,weight\nhw1,1\n"), out, "--lms", lms) == 0
        course_rows = read_csv(out / "course.csv")
        assert course_rows[1][:2] == ["'@s1", "'" + evil]
        lms_cells = read_csv(out / course.LMS_FILES[lms], encoding="utf-8")[-1]
        assert "'" + evil in lms_cells and "'@s1" in lms_cells
        assert not any(c.startswith(("=", "@")) for c in course_rows[1] + lms_cells)


# -- the page --------------------------------------------------------------------------------------

def test_page_escapes_names_and_is_self_contained_with_one_plot_per_assignment(tmp_path):
    script = "<script>alert(1)</script>"
    one = graded(tmp_path, "out1", "<b>hw1</b>", ["id", "name", "submission", "total",
                                                   "possible"], [["s1", script, "a", "1", "2"]])
    two = graded(tmp_path, "out2", "hw2", ["id", "name", "submission", "total", "possible"],
                 [["s2", "Bo", "b", "2", "2"]])
    w = weights(tmp_path, "assignment,weight\n<b>hw1</b>,1\nhw2,1\n")
    assert run([one, two], w, tmp_path / "c") == 0
    page = (tmp_path / "c" / "course.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;hw1&lt;/b&gt;" in page
    assert not re.search(r"https?://", page)
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)


# -- bad input: a bilingual error naming the file and line, and nothing written -------------------

@pytest.mark.parametrize("text, expected", [
    ("assignment,weight\nhw1,1\nhw3,2\nhw2,1\n", ["line 3", "第 3 行", "unknown assignment hw3"]),
    ("assignment,weight\nhw1,1\n", ["no weight for the assignment hw2", "hw2 的权重"]),
    ("assignment,weight\nhw1,-1\nhw2,1\n", ["line 2", "第 2 行", "at least 0", "'-1'"]),
    ("assignment,weight\nhw1,1\nhw2,lots\n", ["line 3", "第 3 行", "'lots'"]),
    ("assignment,weight\nhw1,nan\nhw2,1\n", ["line 2", "'nan'"]),
    ("assignment,weight\nhw1,0\nhw2,0\n", ["sum to more than 0", "权重之和"]),
    ("assignment,weight\nhw1,1\nhw1,2\nhw2,1\n", ["line 3", "listed twice", "重复"]),
    ("name,weight\nhw1,1\nhw2,1\n", ["line 1", "assignment and weight", "第 1 行"]),
    ("assignment,weight\n,1\nhw2,1\n", ["line 2", "the assignment is missing"]),
])
def test_bad_weights_are_a_bilingual_error_naming_the_line(plain, tmp_path, capsys, text,
                                                           expected):
    folders, _ = plain
    bad = weights(tmp_path, text, name="bad-weights.csv")
    assert run(folders, bad, tmp_path / "course", "--lms", "canvas") == 2
    message = capsys.readouterr().err
    assert "bad-weights.csv" in message
    for part in expected:
        assert part in message
    assert re.search(r"[\u4e00-\u9fff]", message) and re.search(r"[A-Za-z]{4}", message)
    assert not (tmp_path / "course").exists()


def test_a_missing_weights_file_is_an_error(plain, tmp_path, capsys):
    folders, _ = plain
    assert run(folders, tmp_path / "nope.csv", tmp_path / "course") == 2
    assert "nope.csv" in capsys.readouterr().err
    assert not (tmp_path / "course").exists()


def bad_gradebook(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "1", "2"],
                                                    ["b", "graded", "one", "2"]])], "line 3"


def no_gradebook(tmp_path):
    folder = graded(tmp_path, "out1", "hw1", PLAIN, [])
    (folder / "gradebook.csv").unlink()
    return [folder], "gradebook.csv"


def not_graded(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "1", "2"]], marker=None)], \
        "neither run.json nor report.html"


def one_shard(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "1", "2"]], shard="2/3")], \
        "merge the shards"


def mixed_roster(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "1", "2"]]),
            graded(tmp_path, "out2", "hw2", ["id"] + PLAIN, [["s1", "a", "graded", "1", "2"]])], \
        "with --roster"


def same_assignment_twice(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "1", "2"]]),
            graded(tmp_path, "out2", "hw1", PLAIN, [["a", "graded", "2", "2"]])], \
        "the same assignment hw1"


def no_possible_points(tmp_path):
    return [graded(tmp_path, "out1", "hw1", PLAIN, [["a", "graded", "0", "0"]])], \
        "no possible points above 0"


@pytest.mark.parametrize("make", [bad_gradebook, no_gradebook, not_graded, one_shard,
                                  mixed_roster, same_assignment_twice, no_possible_points])
def test_bad_folders_are_a_bilingual_error_and_nothing_is_written(tmp_path, capsys, make):
    folders, expected = make(tmp_path)
    w = weights(tmp_path, "assignment,weight\nhw1,1\nhw2,1\n")
    assert run(folders, w, tmp_path / "course") == 2
    message = capsys.readouterr().err
    assert expected in message and re.search(r"[\u4e00-\u9fff]", message)
    assert not (tmp_path / "course").exists()


def test_a_failed_rerun_leaves_the_previous_course_files_as_they_were(plain, tmp_path):
    folders, weights_path = plain
    out = tmp_path / "course"
    assert run(folders, weights_path, out, "--lms", "moodle") == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run(folders, weights(tmp_path, "assignment,weight\nhw1,x\nhw2,1\n", "w2.csv"), out,
               "--lms", "canvas") == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_out_that_is_a_file_is_an_error(plain, tmp_path, capsys):
    folders, weights_path = plain
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    assert run(folders, weights_path, tmp_path / "taken") == 2
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"
