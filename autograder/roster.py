"""The class roster: which submission file is whose, who did not submit, and the class gradebook
with one row per student, late penalties applied (see lateness.py).

Matching and penalties are applied when the summaries are written, from the options saved in
``OUT/run.json`` (shards.py), never to the saved per-submission records: a TA can fix the roster,
the deadline or the policy and run ``grade`` again without regrading anything.

A roster is a CSV file with the columns ``id`` and ``name`` and, optionally, ``email`` and
``submitted_at`` (ISO 8601 with a UTC offset; other columns are ignored). An extensions file has
the columns ``id`` and ``deadline``.

How a file is matched to a student, in order (a file that matches no one, or several students
equally well, is listed for a person to sort out, never guessed):

1. LMS exports. Moodle's "Download all submissions" names each file
   ``<Full Name>_<participant id>_assignsubmission_file_<original name>`` (the full name with "_"
   replaced by spaces; mod/assign/locallib.php, ``download_submissions``, in moodle/moodle).
   Canvas's "Download Submissions" names it ``<lastfirst>[_late]_<user id>_<file id>_<original
   name>``: the name in lower case without spaces, surname first, "late" for late work (as
   described in the README of hseltman/shinyGrader). The id there is the LMS's own (Moodle's
   participant id, Canvas's user id): it matches a roster exported from the same LMS, and the
   name is tried when it does not.
2. An id or the user part of an email address, as whole words of the file name
   ("2025001_hw1.ipynb", "hw1-zhangsan.ipynb").
3. The name, in any order of its words, as whole words of the file name or run together
   ("San Zhang" matches "zhang_san hw1" and "zhangsan.ipynb"); case, accents, spaces, "_", "-"
   and "." do not matter. A name in Chinese, Japanese or Korean also matches inside a longer run
   of text ("张三作业.ipynb"), since those scripts put no spaces between words.

An id match beats a name match; among name matches, the longest name wins ("李晓明" over "晓明").
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import lateness, report
from .errors import BilingualError
from .grading import Question
from .record import SubmissionRecord

MISSING = "missing"
FROM_ROSTER = "roster column"
FROM_MTIME = "file mtime"
_SUFFIXES = (".ipynb", ".zip")
# Moodle: mod/assign/locallib.php (download_submissions) builds
# clean_filename(str_replace('_', ' ', fullname) . '_' . uniqueid) . '_assignsubmission_file_' . name
_MOODLE = re.compile(r"^(?P<name>[^_]+)_(?P<id>\d+)_assignsubmission_file_(?P<rest>.+)$")
# Canvas: lastfirst, an optional "late", the user id, the attachment id, the original name
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?:_late)?_(?P<id>\d+)_\d+_(?P<rest>.+)$", re.IGNORECASE)
_WORD_BREAK = re.compile(r"[\W_]+")  # \W is Unicode-aware: CJK characters count as word characters
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
MAX_PERMUTED_WORDS = 4  # names with more words are tried in their order and reversed only


class RosterError(BilingualError, ValueError):
    """A roster or extensions file that cannot be used; the message is bilingual."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    email: str = ""
    submitted_at: datetime | None = None  # from the roster's submitted_at column, if any


# -- reading the TA's files ----------------------------------------------------------------------

def read_table(path: Path, required: tuple[str, ...], what: tuple[str, str]) -> list[tuple[int, dict]]:
    """(line number, row) for every non-blank row of a UTF-8 CSV file; column names are compared
    without case or surrounding spaces, and values are stripped. ``what``: (zh, en) file label."""
    zh, en = what
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise RosterError(f"无法读取{zh} {path}（{error.strerror or error}）。",
                          f"cannot read the {en} {path} ({error.strerror or error}).") from None
    except UnicodeDecodeError:
        raise RosterError(f"{zh} {path} 不是 UTF-8 编码：请在 Excel 中另存为「CSV UTF-8」。",
                          f"the {en} {path} is not UTF-8: save it as \"CSV UTF-8\".") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().casefold() for h in next(reader, [])]
    absent = [c for c in required if c not in header]
    if absent:
        raise RosterError(f"{zh} {path} 缺少列：{', '.join(absent)}（需要 {', '.join(required)}）。",
                          f"the {en} {path} lacks the column(s) {', '.join(absent)} (it needs "
                          f"{', '.join(required)}).")
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "")
                  for i, name in enumerate(header) if name}
        rows.append((reader.line_num, values))
    return rows


def read_roster(path: Path) -> list[Student]:
    """The students of a roster CSV, in its order; every problem is an error, nothing is guessed."""
    students: list[Student] = []
    seen: set[str] = set()
    for line, row in read_table(path, ("id", "name"), ("名单", "roster")):
        where_zh, where_en = f"名单 {path} 第 {line} 行", f"roster {path}, line {line}"
        if not row["id"] or not row["name"]:
            raise RosterError(f"{where_zh}：id 和 name 都不能为空。",
                              f"{where_en}: id and name must not be empty.")
        if row["id"] in seen:
            raise RosterError(f"{where_zh}：id {row['id']} 重复。",
                              f"{where_en}: the id {row['id']} appears twice.")
        seen.add(row["id"])
        submitted = None
        if row.get("submitted_at"):
            submitted = _time(row["submitted_at"], where_zh, where_en)
        students.append(Student(row["id"], row["name"], row.get("email", ""), submitted))
    if not students:
        raise RosterError(f"名单 {path} 里没有学生。", f"the roster {path} lists no students.")
    return students


def read_extensions(path: Path, students: list[Student]) -> dict[str, datetime]:
    """Student id -> that student's own deadline."""
    known = {s.id for s in students}
    extensions: dict[str, datetime] = {}
    for line, row in read_table(path, ("id", "deadline"), ("延期文件", "extensions file")):
        where_zh, where_en = f"延期文件 {path} 第 {line} 行", f"extensions file {path}, line {line}"
        if row["id"] not in known:
            raise RosterError(f"{where_zh}：名单里没有 id「{row['id']}」。",
                              f"{where_en}: the id {row['id']!r} is not on the roster.")
        if row["id"] in extensions:
            raise RosterError(f"{where_zh}：id {row['id']} 重复。",
                              f"{where_en}: the id {row['id']} appears twice.")
        extensions[row["id"]] = _time(row["deadline"], where_zh, where_en)
    return extensions


def _time(text: str, where_zh: str, where_en: str) -> datetime:
    try:
        return lateness.parse_time(text)
    except lateness.LatenessError as error:
        raise RosterError(f"{where_zh}：{error.zh}", f"{where_en}: {error.en}") from None


# -- the options a run's summaries use -----------------------------------------------------------

@dataclass
class Options:
    """Roster, deadline, policy and extensions, resolved to their content (so that run.json holds
    everything needed to write the summaries again, wherever the files were)."""

    students: list[Student] | None = None
    deadline: datetime | None = None
    policy: lateness.Policy = field(default_factory=lateness.Policy)
    extensions: dict[str, datetime] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Whether the summaries differ from a plain run's."""
        return self.students is not None or self.deadline is not None

    def to_json(self) -> dict:
        return {
            "roster": None if self.students is None else [
                {"id": s.id, "name": s.name, "email": s.email,
                 "submitted_at": _iso(s.submitted_at)} for s in self.students],
            "deadline": _iso(self.deadline),
            "late_policy": self.policy.text,
            "extensions": {i: _iso(t) for i, t in self.extensions.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Options:
        """Raises ValueError (or LatenessError, a ValueError) for data it cannot read."""
        students = None
        if data.get("roster") is not None:
            students = [Student(str(s["id"]), str(s["name"]), str(s.get("email") or ""),
                                _parsed(s.get("submitted_at"))) for s in data["roster"]]
        return cls(students, _parsed(data.get("deadline")),
                   lateness.parse_policy(data.get("late_policy") or "none"),
                   {str(i): _parsed(t) for i, t in (data.get("extensions") or {}).items()})


def load_options(*, roster: Path | None = None, deadline: str | None = None,
                 late_policy: str | None = None, extensions: Path | None = None) -> Options:
    """Read and check every option before anything is graded or written; raises RosterError or
    LatenessError (both bilingual)."""
    if (late_policy is not None or extensions is not None) and deadline is None:
        raise RosterError("--late-policy 和 --extensions 需要同时给出 --deadline。",
                          "--late-policy and --extensions need a --deadline.")
    if extensions is not None and roster is None:
        raise RosterError("--extensions 按学生 id 给出截止时间，需要同时给出 --roster。",
                          "--extensions gives deadlines by student id: it needs a --roster.")
    policy = lateness.parse_policy(late_policy)
    when = lateness.parse_deadline(deadline) if deadline is not None else None
    students = read_roster(roster) if roster is not None else None
    extended = read_extensions(extensions, students) if extensions is not None else {}
    return Options(students, when, policy, extended)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parsed(text: str | None) -> datetime | None:
    return None if text in (None, "") else lateness.parse_time(text)


# -- matching file names to students -------------------------------------------------------------

def _words(text: str) -> list[str]:
    """Lower-case words without accents; "_", "-", "." and spaces all separate words."""
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))
    return [w for w in _WORD_BREAK.split(text.casefold()) if w]


def _stem(file_name: str) -> str:
    """The file name without .ipynb or .zip."""
    for suffix in _SUFFIXES:
        if file_name.lower().endswith(suffix):
            return file_name[: -len(suffix)]
    return file_name


def _contains(words: list[str], part: tuple[str, ...]) -> bool:
    """Whether ``part`` appears in ``words`` as consecutive whole words."""
    n = len(part)
    return n > 0 and any(tuple(words[i:i + n]) == part for i in range(len(words) - n + 1))


class _Person:
    """A student's name and ids, prepared for matching."""

    def __init__(self, student: Student):
        self.student = student
        name = _words(student.name)
        orders = (itertools.permutations(name) if len(name) <= MAX_PERMUTED_WORDS
                  else [tuple(name), tuple(reversed(name))])
        self.orders = {tuple(o) for o in orders}
        self.joined = {"".join(o) for o in self.orders}  # "zhangsan", "sanzhang"
        self.cjk = bool(_CJK.search(student.name))
        self.ids = {tuple(_words(student.id))}
        local = student.email.partition("@")[0]
        if local:
            self.ids.add(tuple(_words(local)))
        self.ids.discard(())

    def id_in(self, words: list[str]) -> bool:
        return any(_contains(words, i) for i in self.ids)

    def name_match(self, words: list[str]) -> int:
        """The length of the name as found among ``words`` (0: not found)."""
        found = [len("".join(o)) for o in self.orders if _contains(words, o)]
        found += [len(j) for j in self.joined if j in words]
        if self.cjk:
            text = "".join(words)
            found += [len(j) for j in self.joined if len(j) >= 2 and j in text]
        return max(found, default=0)


@dataclass
class Match:
    file: str
    student: Student | None   # None: no one, or several students equally well
    how: str = ""             # "LMS id", "id", "name"
    candidates: list[Student] = field(default_factory=list)  # when ambiguous


class Matcher:
    """Matches file names to the students of a roster (see the module's docstring)."""

    def __init__(self, students: list[Student]):
        self.people = [_Person(s) for s in students]

    def match(self, file_name: str) -> Match:
        stem = _stem(file_name)
        lms = _MOODLE.match(stem) or _CANVAS.match(stem)
        if lms:
            by_id = [p for p in self.people if p.student.id == lms.group("id")]
            if len(by_id) == 1:
                return Match(file_name, by_id[0].student, "LMS id")
            name = _words(lms.group("name"))
            joined = "".join(name)
            by_name = [p for p in self.people
                       if tuple(name) in p.orders or joined in p.joined]
            if by_name:
                return self._pick(file_name, [(p, len(joined)) for p in by_name], "name")
        words = _words(stem)
        by_id = [(p, 1) for p in self.people if p.id_in(words)]
        if by_id:
            return self._pick(file_name, by_id, "id")
        scored = [(p, p.name_match(words)) for p in self.people]
        return self._pick(file_name, [(p, n) for p, n in scored if n], "name")

    @staticmethod
    def _pick(file_name: str, scored: list[tuple[_Person, int]], how: str) -> Match:
        if not scored:
            return Match(file_name, None)
        best = max(n for _, n in scored)
        top = [p.student for p, n in scored if n == best]
        if len(top) == 1:
            return Match(file_name, top[0], how)
        return Match(file_name, None, how, candidates=top)


# -- the class view: what the gradebook and the report show ---------------------------------------

@dataclass
class Row:
    """One gradebook row: a roster student (or, without a roster, one submission)."""

    student: Student | None
    record: SubmissionRecord | None  # the submission counted; None: the student did not submit
    others: list[SubmissionRecord] = field(default_factory=list)  # their other files
    submitted_at: datetime | None = None
    source: str = ""                 # FROM_ROSTER, FROM_MTIME, or "" when unknown
    deadline: datetime | None = None  # this student's (an extension, or the class's)
    late_days: int | None = None
    penalty: float | None = None     # percent taken

    @property
    def status(self) -> str:
        return MISSING if self.record is None else self.record.status

    @property
    def total(self) -> float:
        return 0.0 if self.record is None else self.record.total

    @property
    def penalised_total(self) -> float:
        return lateness.penalised(self.total, self.penalty or 0.0)


@dataclass
class ClassView:
    options: Options
    rows: list[Row]
    unmatched: list[tuple[SubmissionRecord, Match]] = field(default_factory=list)

    @property
    def missing(self) -> list[Row]:
        return [r for r in self.rows if r.record is None and r.student is not None]

    @property
    def several(self) -> list[Row]:
        return [r for r in self.rows if r.others]

    @property
    def late(self) -> list[Row]:
        return [r for r in self.rows if r.late_days]


def class_view(records: list[SubmissionRecord], options: Options,
               modified: dict[str, datetime]) -> ClassView:
    """Rows for the gradebook: one per roster student (in the roster's order), or one per
    submission without a roster; ``modified``: submission name -> its file's mtime."""
    if options.students is None:
        rows = [_timed(Row(None, r), options, modified)
                for r in sorted(records, key=lambda r: r.submission)]
        return ClassView(options, rows)
    matcher = Matcher(options.students)
    files: dict[str, list[SubmissionRecord]] = {s.id: [] for s in options.students}
    unmatched = []
    for record in sorted(records, key=lambda r: r.submission):
        found = matcher.match(record.file)
        if found.student is None:
            unmatched.append((record, found))
        else:
            files[found.student.id].append(record)
    rows = [_counted(s, files[s.id], options, modified) for s in options.students]
    return ClassView(options, rows, unmatched)


def _counted(student: Student, records: list[SubmissionRecord], options: Options,
             modified: dict[str, datetime]) -> Row:
    """The row of a student: with several files, the latest one counts (the best total among
    files submitted at the same time, then the last by name)."""
    if not records:
        return Row(student, None, deadline=options.extensions.get(student.id, options.deadline))
    rows = [_timed(Row(student, r), options, modified) for r in records]
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    rows.sort(key=lambda row: (row.submitted_at or earliest, row.total, row.record.submission))
    chosen = rows[-1]
    chosen.others = [r.record for r in rows[:-1]]
    return chosen


def _timed(row: Row, options: Options, modified: dict[str, datetime]) -> Row:
    """Fill in when the row's submission came in and what lateness costs it."""
    student = row.student
    if student is not None and student.submitted_at is not None:
        row.submitted_at, row.source = student.submitted_at, FROM_ROSTER
    elif row.record is not None and row.record.submission in modified:
        row.submitted_at, row.source = modified[row.record.submission], FROM_MTIME
    row.deadline = options.deadline
    if student is not None:
        row.deadline = options.extensions.get(student.id, options.deadline)
    if row.deadline is not None and row.submitted_at is not None:
        late = (row.submitted_at - row.deadline).total_seconds()
        row.late_days, row.penalty = lateness.late_days(late), options.policy.penalty(late)
    return row


# -- the gradebook -------------------------------------------------------------------------------

def gradebook_header(view: ClassView, questions: list[Question]) -> list[str]:
    who = ["id", "name", "email"] if view.options.students is not None else []
    late = (["deadline", "late_days", "penalty_percent", "penalised_total"]
            if view.options.deadline is not None else [])
    return [*who, "submission", "status", *(q.name for q in questions), "total", "possible",
            "submitted_at", "submitted_at_source", *late, "reason", "flags", "cell_errors",
            "seconds", "file", *(["other_files"] if who else [])]


def write_gradebook(view: ClassView, questions: list[Question], path: Path) -> None:
    """The gradebook with the roster and lateness columns: the plain gradebook's columns (see
    report.write_gradebook) with id, name and email in front, submission times and penalties after
    ``possible``, and the student's other files at the end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(gradebook_header(view, questions))
    for row in view.rows:
        writer.writerow(_gradebook_row(view, row, questions))
    report._write_atomic(path, buffer.getvalue(), encoding="utf-8-sig")


def _gradebook_row(view: ClassView, row: Row, questions: list[Question]) -> list[str]:
    if row.record is not None:
        plain = report._gradebook_row(row.record, questions)
    else:  # submission, status, one cell per question, total, possible, reason, ..., file
        possible = sum(q.points for q in questions if not q.manual)
        plain = ["", MISSING, *("0" for _ in questions), "0", report.format_points(possible),
                 "", "", "", "", ""]
    cut = 4 + len(questions)  # after possible
    when = [_shown(row.submitted_at, view.options.deadline), row.source]
    late = []
    if view.options.deadline is not None:
        late = [_shown(row.deadline, view.options.deadline),
                "" if row.late_days is None else str(row.late_days),
                "" if row.penalty is None else report.format_points(row.penalty),
                report.format_points(row.penalised_total)]
    who, others = [], []
    if row.student is not None:
        who = [report._sheet_text(v) for v in (row.student.id, row.student.name,
                                               row.student.email)]
        others = [report._sheet_text("; ".join(r.file for r in row.others))]
    return [*who, *plain[:cut], *when, *late, *plain[cut:], *others]


def _shown(moment: datetime | None, deadline: datetime | None) -> str:
    """A time to the second, in the deadline's UTC offset when there is a deadline."""
    if moment is None:
        return ""
    if deadline is not None:
        moment = moment.astimezone(deadline.tzinfo)
    return moment.isoformat(timespec="seconds")


# -- the report's section and the command line's lines -------------------------------------------

def report_section(view: ClassView) -> dict:
    """What the class report shows about the roster and lateness (templates/roster.html.j2)."""
    options = view.options
    policy_zh, policy_en = options.policy.describe()
    section = {
        "has_roster": options.students is not None,
        "deadline": _shown(options.deadline, options.deadline),
        "policy": f"{policy_zh} / {policy_en}" if options.deadline is not None else "",
        "extensions": len(options.extensions),
        "cards": _cards(view),
        "missing": [_who(r.student) for r in view.missing],
        "unmatched": [{"file": record.file, "submission": record.submission,
                       "href": report.feedback_href(record.submission),
                       "why": _unmatched_reason(found)} for record, found in view.unmatched],
        "several": [{**_who(r.student), "counted": r.record.file,
                     "others": [o.file for o in r.others]} for r in view.several],
        "late": [_late_row(r, options.deadline) for r in view.late],
    }
    return section


def _cards(view: ClassView) -> list[dict]:
    def card(label, value, bad=False):
        return {"label": label, "value": value, "kind": "warn" if bad and value else ""}

    cards = []
    if view.options.students is not None:
        cards += [card("名单人数 / On the roster", len(view.rows)),
                  card("缺交 / Missing", len(view.missing), True),
                  card("未匹配的文件 / Unmatched files", len(view.unmatched), True),
                  card("多个文件 / Several files", len(view.several), True)]
    if view.options.deadline is not None:
        cards.append(card("迟交 / Late", len(view.late), True))
    return cards


def _who(student: Student | None) -> dict:
    return {"id": student.id if student else "", "name": student.name if student else ""}


def _unmatched_reason(found: Match) -> str:
    if found.candidates:
        names = ", ".join(f"{s.name} ({s.id})" for s in found.candidates)
        return f"同时匹配多名学生 / matches several students: {names}"
    return "不匹配名单上的任何学生 / matches no student on the roster"


def _late_row(row: Row, deadline: datetime | None) -> dict:
    return {**_who(row.student), "submission": row.record.submission,
            "href": report.feedback_href(row.record.submission),
            "submitted_at": _shown(row.submitted_at, deadline), "source": row.source,
            "deadline": _shown(row.deadline, deadline), "late_days": row.late_days,
            "penalty": f"{report.format_points(row.penalty)}%",
            "total": report.format_points(row.total),
            "penalised": report.format_points(row.penalised_total)}


def summary_lines(view: ClassView) -> list[str]:
    """What ``grade`` prints about the roster and lateness."""
    lines = []
    if view.options.students is not None:
        submitted = len(view.rows) - len(view.missing)
        lines.append(f"名单 / roster: {submitted} of {len(view.rows)} students submitted")
        if view.missing:
            lines.append(f"缺交 / missing ({len(view.missing)}): "
                         + "; ".join(f"{r.student.id} {r.student.name}" for r in view.missing))
        for record, found in view.unmatched:
            lines.append(f"未匹配 / unmatched file: {record.file} ({_unmatched_reason(found)})")
        for row in view.several:
            files = ", ".join([o.file for o in row.others] + [row.record.file])
            lines.append(f"多个文件 / several files: {row.student.id} {row.student.name}: {files} "
                         f"(计入 / counted: {row.record.file})")
    if view.options.deadline is not None:
        lines.append(f"迟交 / late: {len(view.late)} (policy: {view.options.policy.text})")
    return lines
