"""The course gradebook: several assignments' graded output folders joined by student.

``python -m autograder course OUT1 OUT2 ... --weights w.csv --out DIR [--lms canvas|moodle]``
reads each folder's ``gradebook.csv`` and writes ``DIR/course.csv`` and ``DIR/course.html`` (and,
with ``--lms``, the CSV that Canvas's or Moodle's grade import reads).

- Which assignment a folder holds: ``OUT/run.json`` (every ``grade`` and ``merge-shards`` writes
  it, see shards.py), else the title of ``OUT/report.html`` (folders graded before run.json
  existed). One shard's folder is refused: its gradebook covers only part of the class.
- Who a row is: when the gradebooks have an ``id`` column (grading with ``--roster``), students are
  joined by that id and the ``name`` and ``email`` columns are carried along; otherwise by the
  submission name, so the same student must have the same submission name in every folder. All
  folders must be of one kind: mixing them could only join by guesswork.
- The points of an assignment: the ``penalised_total`` column when the gradebook has one (graded
  with ``--deadline``), else ``total``; out of the largest ``possible`` in that gradebook (they
  differ only while manual grades are merged for some submissions; a note says so).
- The course total is the weighted mean of the per-assignment fractions (points / possible), in
  percent, with the weights of ``w.csv`` (columns ``assignment``, ``weight``; only their ratios
  matter). A student with no row for an assignment, or a row of status ``missing``, gets 0 for it
  and is listed.

Everything is read, checked and rendered before the first file is written: bad input raises
CourseError (Chinese, then English) and leaves nothing behind.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from . import report, shards
from .errors import BilingualError

GRADEBOOK_FILE = "gradebook.csv"
# The total after the late penalty, in a gradebook graded with --deadline (roster.py writes it).
PENALISED_COLUMN = "penalised_total"
MISSING_STATUS = "missing"
LMS_CHOICES = ("canvas", "moodle")
LMS_FILES = {"canvas": "canvas-import.csv", "moodle": "moodle-import.csv"}
_REPORT_TITLE = re.compile(r"<title>(.*?): grading report</title>", re.DOTALL)


class CourseError(BilingualError):
    """Bad input to ``course``; the message is Chinese, then English."""


# -- reading one assignment ------------------------------------------------------------------------

@dataclass
class Score:
    """One student's row in one assignment's gradebook."""

    key: str      # the roster id, or the submission name without a roster
    name: str     # the roster name ("" without a roster)
    email: str
    status: str
    points: float


@dataclass
class Gradebook:
    """One assignment's gradebook, keyed by student."""

    assignment: str
    folder: Path
    by_id: bool                 # joined by roster id (True) or by submission name
    total_column: str           # "total" or the penalised total's column
    possible: float
    scores: dict[str, Score] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # bilingual, for the page and the terminal


def assignment_name(folder: Path) -> str:
    """The assignment a graded output folder holds (see the module docstring)."""
    folder = Path(folder)
    if (folder / shards.RUN_FILE).is_file():
        try:
            run = shards.read_run(folder)
        except shards.ShardError as error:
            raise CourseError(error.zh, error.en) from None
        if run.shard is not None:
            raise CourseError(f"{folder} 只是分片 {run.shard.text} 的输出，只含部分学生；请先用 "
                              "merge-shards 合并，再用合并后的文件夹。",
                              f"{folder} is shard {run.shard.text}'s output and holds only part "
                              "of the class: merge the shards (merge-shards) and give the merged "
                              "folder.")
        return run.assignment
    page = folder / "report.html"
    found = _REPORT_TITLE.search(page.read_text(encoding="utf-8")) if page.is_file() else None
    if found:
        return html.unescape(found.group(1)).strip()
    raise CourseError(f"{folder} 不像评分输出文件夹：没有 {shards.RUN_FILE}，也没有 report.html。"
                      "请先用 grade 评分。",
                      f"{folder} does not look like a graded output folder: it has neither "
                      f"{shards.RUN_FILE} nor report.html. Grade it with `grade` first.")


def read_gradebook(folder: Path) -> Gradebook:
    folder = Path(folder)
    if not folder.is_dir():
        raise CourseError(f"{folder} 不是文件夹。", f"{folder} is not a folder.")
    path = folder / GRADEBOOK_FILE
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CourseError(f"无法读取 {path}：{error}", f"cannot read {path}: {error}")
    for column in ("submission", "total", "possible"):
        if column not in header:
            raise CourseError(f"{path} 缺少列 {column}。", f"{path} has no column {column!r}.")
    total_column = PENALISED_COLUMN if PENALISED_COLUMN in header else "total"
    book = Gradebook(assignment_name(folder), folder, "id" in header, total_column, 0.0)
    possibles = {_number(row.get("possible"), path, line, "possible")
                 for line, row in rows} - {None}
    book.possible = max(possibles, default=0.0)
    if book.possible <= 0:
        raise CourseError(f"{path} 里没有大于 0 的满分（possible 列），无法算得分率。",
                          f"{path} has no possible points above 0, so no fraction can be computed.")
    if len(possibles) > 1:
        # e.g. manual grades merged for some submissions only (merge-manual): say which is used
        shown = ", ".join(report.format_points(p) for p in sorted(possibles))
        best = report.format_points(book.possible)
        book.notes.append(f"{book.assignment}：各行满分不同（{shown}），按最大值 {best} 计算。 / "
                          f"{book.assignment}: the rows' possible points differ ({shown}); the "
                          f"largest, {best}, is used for every student.")
    for line, row in rows:
        _add_row(book, row, path, line)
    return book


def _add_row(book: Gradebook, row: dict, path: Path, line: int) -> None:
    key = _text(row.get("id")) if book.by_id else _text(row.get("submission"))
    if not key:
        book.notes.append(f"{book.assignment}：{path} 第 {line} 行没有学号，未计入"
                          f"（{_text(row.get('submission'))}）。 / {path} line {line} has no id "
                          f"and is left out ({_text(row.get('submission'))}).")
        return
    column = book.total_column if _text(row.get(book.total_column)) else "total"
    points = _number(row.get(column), path, line, column) or 0.0
    score = Score(key, _text(row.get("name")), _text(row.get("email")),
                  _text(row.get("status")), points)
    earlier = book.scores.get(key)
    if earlier is not None:
        # Several rows for one student (several files): keep the better one, and say so.
        book.notes.append(f"{book.assignment}：{key} 在 {path} 中出现多次，取较高分。 / {key} has "
                          f"several rows in {path}; the higher score is used.")
        if earlier.points >= score.points:
            return
    book.scores[key] = score


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _number(value, path: Path, line: int, column: str) -> float | None:
    """A finite number, None for an empty cell; anything else is an error naming the line."""
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise CourseError(f"{path} 第 {line} 行：{column} 不是数字：{text!r}",
                          f"{path} line {line}: {column} is not a number: {text!r}")
    return number


# -- weights -------------------------------------------------------------------------------------

def read_weights(path: Path, assignments: list[str]) -> dict[str, float]:
    """``assignment,weight`` rows, one for each assignment given and no other."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [_text(c) for c in reader.fieldnames or []]
            rows = [(reader.line_num, {_text(k): _text(v) for k, v in row.items() if k})
                    for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CourseError(f"无法读取权重文件 {path}：{error}",
                          f"cannot read the weights file {path}: {error}")
    if "assignment" not in header or "weight" not in header:
        raise CourseError(f"{path} 第 1 行：需要列 assignment 和 weight。",
                          f"{path} line 1: the columns must include assignment and weight.")
    weights: dict[str, float] = {}
    for line, row in rows:
        name, text = row.get("assignment", ""), row.get("weight", "")
        if not name and not text:
            continue  # a blank line
        _check_weight_row(path, line, name, text, weights, assignments)
        weights[name] = float(text)
    for name in assignments:
        if name not in weights:
            raise CourseError(f"{path} 没有作业 {name} 的权重（请加一行 {name},权重）。",
                              f"{path} has no weight for the assignment {name} "
                              f"(add a line {name},WEIGHT).")
    if sum(weights.values()) <= 0:
        raise CourseError(f"{path}：权重之和必须大于 0。", f"{path}: the weights must sum to more "
                          "than 0.")
    return weights


def _check_weight_row(path, line, name, text, seen, assignments) -> None:
    where_zh, where_en = f"{path} 第 {line} 行", f"{path} line {line}"
    if not name:
        raise CourseError(f"{where_zh}：缺少作业名。", f"{where_en}: the assignment is missing.")
    if name in seen:
        raise CourseError(f"{where_zh}：作业 {name} 重复。", f"{where_en}: {name} is listed twice.")
    if name not in assignments:
        raise CourseError(f"{where_zh}：未知作业 {name}；给出的文件夹是这些作业："
                          f"{', '.join(assignments)}。",
                          f"{where_en}: unknown assignment {name}; the folders given hold: "
                          f"{', '.join(assignments)}.")
    try:
        weight = float(text)
    except ValueError:
        weight = math.nan
    if not math.isfinite(weight) or weight < 0:
        raise CourseError(f"{where_zh}：权重必须是不小于 0 的数字，而不是 {text!r}。",
                          f"{where_en}: the weight must be a number of at least 0, not {text!r}.")


# -- the course ----------------------------------------------------------------------------------

@dataclass
class Student:
    key: str
    name: str = ""
    email: str = ""
    points: dict[str, float] = field(default_factory=dict)    # by assignment
    fractions: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)          # assignments with no work
    percent: float = 0.0                                      # the course total, 0..100


@dataclass
class Course:
    books: list[Gradebook]
    weights: dict[str, float]
    students: list[Student]
    notes: list[str] = field(default_factory=list)  # bilingual, for the page and the terminal

    @property
    def assignments(self) -> list[str]:
        return [b.assignment for b in self.books]

    @property
    def by_id(self) -> bool:
        return bool(self.books) and self.books[0].by_id


def build_course(folders: list[Path], weights_path: Path) -> Course:
    books = [read_gradebook(Path(f)) for f in folders]
    _check_books(books)
    weights = read_weights(weights_path, [b.assignment for b in books])
    return Course(books, weights, _join(books, weights),
                  notes=[note for book in books for note in book.notes])


def _check_books(books: list[Gradebook]) -> None:
    seen: dict[str, Path] = {}
    for book in books:
        if book.assignment in seen:
            raise CourseError(f"{seen[book.assignment]} 和 {book.folder} 是同一个作业 "
                              f"{book.assignment}；每个作业只给一个文件夹。",
                              f"{seen[book.assignment]} and {book.folder} hold the same assignment "
                              f"{book.assignment}; give one folder per assignment.")
        seen[book.assignment] = book.folder
    with_id = [str(b.folder) for b in books if b.by_id]
    if with_id and len(with_id) != len(books):
        without = [str(b.folder) for b in books if not b.by_id]
        raise CourseError(f"{', '.join(with_id)} 是按名单（--roster）评的，{', '.join(without)} "
                          "不是：无法按学生对齐。请全部用 --roster 重新评分，或全部不用。",
                          f"{', '.join(with_id)} were graded with --roster and "
                          f"{', '.join(without)} without: students cannot be joined. Grade all "
                          "of them with the roster, or none.")


def _join(books: list[Gradebook], weights: dict[str, float]) -> list[Student]:
    students: dict[str, Student] = {}
    for book in books:
        for score in book.scores.values():
            student = students.setdefault(score.key, Student(score.key))
            student.name = student.name or score.name
            student.email = student.email or score.email
    total_weight = sum(weights.values())
    for student in students.values():
        for book in books:
            score = book.scores.get(student.key)
            present = score is not None and score.status != MISSING_STATUS
            points = score.points if present else 0.0
            student.points[book.assignment] = points
            student.fractions[book.assignment] = points / book.possible
            if not present:
                student.missing.append(book.assignment)
        student.percent = 100 * sum(weights[a] * f for a, f in student.fractions.items()) \
            / total_weight
    return sorted(students.values(), key=lambda s: (s.key.casefold(), s.key))


# -- CSV files -------------------------------------------------------------------------------------

def _csv(rows: list[list]) -> str:
    """CSV text; student- or TA-typed text is guarded against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([report._sheet_text(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue()


def course_csv(course: Course) -> str:
    """One row per student: who, points and percent per assignment, the course total, what is
    missing. Points are those used for the total (the penalised total where there is one)."""
    who = ["id", "name", "email"] if course.by_id else ["submission"]
    header = [*who]
    for name in course.assignments:
        header += [name, f"{name} %"]
    header += ["course %", "missing"]
    rows = [header]
    for student in course.students:
        row = [student.key, student.name, student.email] if course.by_id else [student.key]
        for name in course.assignments:
            row += [report.format_points(student.points[name]),
                    report.format_points(100 * student.fractions[name])]
        rows.append(row + [report.format_points(student.percent), "; ".join(student.missing)])
    return _csv(rows)


def canvas_csv(course: Course) -> str:
    """Canvas's gradebook import (Grades > Import). Its importer (canvas-lms,
    app/models/gradebook_importer.rb) wants the header Student, ID, SIS User ID, SIS Login ID,
    Section, then one column per assignment, in that order; Canvas's guide "How do I import grades
    in the Gradebook?" (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-
    in-the-Gradebook/ta-p/807) describes the same file, as Canvas's own export writes it. It finds
    each student by ID (Canvas's internal user id, which we do not know: left empty), then
    SIS User ID (the roster id), then SIS Login ID (the roster email, which many schools use as
    the login), then the Student name. A column whose header is not an existing assignment's
    name becomes a new assignment; the "Points Possible" row gives its points possible. Canvas
    computes its own course total, so ours is not exported."""
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *course.assignments],
            ["Points Possible", "", "", "", "", *(report.format_points(b.possible)
                                                  for b in course.books)]]
    for student in course.students:
        if course.by_id:
            who = [student.name or student.key, "", student.key, student.email, ""]
        else:
            who = [student.key, "", "", "", ""]
        rows.append(who + [report.format_points(student.points[a]) for a in course.assignments])
    return _csv(rows)


def moodle_csv(course: Course) -> str:
    """Moodle's CSV grade import (Grades > Import > CSV file). Moodle maps one identifier column
    to a user field that the TA picks on import ("Map from" a column, "Map to" userid, username,
    useridnumber or useremail; https://docs.moodle.org/311/en/Grade_import), and each grade column
    to a grade item. With a roster: "ID number" (the roster id, to useridnumber) and "Email address"
    (to useremail); without one, only "Submission", which matches only when submission names are
    Moodle usernames. Points, not percentages: each grade item's maximum must equal the
    assignment's possible points. Moodle computes its own course total, so ours is not exported."""
    who = ["ID number", "Email address", "Full name"] if course.by_id else ["Submission"]
    rows = [[*who, *course.assignments]]
    for student in course.students:
        ids = [student.key, student.email, student.name] if course.by_id else [student.key]
        rows.append(ids + [report.format_points(student.points[a]) for a in course.assignments])
    return _csv(rows)


# -- the page ------------------------------------------------------------------------------------

def course_html(course: Course) -> str:
    return report._render("course.html.j2", **course_view(course))


def course_view(course: Course) -> dict:
    """What course.html shows, as plain data for its template."""
    percents = [s.percent for s in course.students]
    total_weight = sum(course.weights.values())
    return {
        "title": "课程成绩 / Course gradebook",
        "by_id": course.by_id,
        "cards": _cards(course, percents),
        "histogram": _histogram_uri(percents, "course total (%)") if percents else None,
        "assignments": [_assignment_row(b, course, total_weight) for b in course.books],
        "missing": [{"key": s.key, "name": s.name, "assignments": ", ".join(s.missing)}
                    for s in course.students if s.missing],
        "notes": course.notes,
        "students": [{"key": s.key, "name": s.name,
                      "cells": [report.format_points(s.points[a]) for a in course.assignments],
                      "missing": set(s.missing), "percent": _percent(s.percent)}
                     for s in course.students],
        "assignment_names": course.assignments,
    }


def _cards(course: Course, percents: list[float]) -> list[dict]:
    def card(label, value, kind=""):
        return {"label": label, "value": value, "kind": kind}

    missing = sum(1 for s in course.students if s.missing)
    return [
        card("学生 / Students", len(course.students)),
        card("作业 / Assignments", len(course.books)),
        card("平均总评 / Mean course total",
             _percent(statistics.fmean(percents)) if percents else "—"),
        card("总评中位数 / Median course total",
             _percent(statistics.median(percents)) if percents else "—"),
        card("缺交学生 / Students missing work", missing, "warn" if missing else ""),
    ]


def _assignment_row(book: Gradebook, course: Course, total_weight: float) -> dict:
    fractions = [s.fractions[book.assignment] for s in course.students]
    absent = sum(1 for s in course.students if book.assignment in s.missing)
    penalised = book.total_column != "total"
    return {
        "name": book.assignment, "folder": str(book.folder),
        "possible": report.format_points(book.possible),
        "weight": report.format_points(course.weights[book.assignment]),
        "share": _percent(100 * course.weights[book.assignment] / total_weight),
        "total_column": book.total_column,
        "total_note": ("扣除迟交后的总分 / total after the late penalty" if penalised
                       else "总分 / total"),
        "mean": _percent(100 * statistics.fmean(fractions)) if fractions else "—",
        "submitted": len(course.students) - absent, "missing": absent,
        "histogram": _histogram_uri([100 * f for f in fractions], f"{book.assignment} (%)")
        if fractions else None,
    }


def _percent(value: float) -> str:
    return f"{report.format_points(value)}%"


def _histogram_uri(percents: list[float], label: str) -> str:
    """A histogram of percentages in bins of 5 points, as a PNG data URI (no markup from names
    gets into the page this way)."""
    import numpy as np

    figure = report._figure(8, 2.6)
    axes = figure.add_subplot()
    top = max(100.0, *percents)
    axes.hist(percents, bins=np.arange(0, top + 5, 5), color="#4c72b0", edgecolor="white")
    axes.axvline(statistics.fmean(percents), color="#dd8452", linewidth=2,
                 label=f"mean {report.format_points(statistics.fmean(percents))}%")
    axes.set_xlabel(label)
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return report._data_uri(report._png(figure))


# -- writing ---------------------------------------------------------------------------------------

def write_course(folders: list[Path], weights_path: Path, out: Path,
                 lms: str | None = None) -> tuple[Course, list[Path]]:
    """Build the course, render every file, then write them (atomically, each); return the course
    and the paths written."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CourseError(f"{out} 已存在且不是文件夹。", f"{out} exists and is not a folder.")
    if lms is not None and lms not in LMS_CHOICES:
        raise CourseError(f"--lms 只能是 {' 或 '.join(LMS_CHOICES)}。",
                          f"--lms must be one of {', '.join(LMS_CHOICES)}.")
    course = build_course(folders, weights_path)
    if lms == "moodle" and not course.by_id:
        course.notes.append("没有名单：Moodle 文件只能用提交名识别学生，只有提交名就是 Moodle 用户名时"
                            "才能导入；请用 --roster 评分。 / Without a roster the Moodle file "
                            "identifies students by submission name only, which Moodle matches "
                            "only if the names are Moodle usernames; grade with --roster.")
    files = {out / "course.csv": (course_csv(course), "utf-8-sig"),  # BOM: Excel reads it as UTF-8
             out / "course.html": (course_html(course), "utf-8")}
    if lms:
        # No BOM: Canvas and Moodle read plain UTF-8, and a BOM would become part of a header.
        files[out / LMS_FILES[lms]] = ((canvas_csv if lms == "canvas" else moodle_csv)(course),
                                       "utf-8")
    for path, (text, encoding) in files.items():
        report._write_atomic(path, text, encoding=encoding)
    return course, list(files)
