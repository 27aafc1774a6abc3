"""Written answers, graded by hand: a page per manual question to read them, a CSV for the points,
and merging the CSVs back into the records, the gradebook, the feedback pages and the report.

    python -m autograder manual ASSIGNMENT OUT [--anonymous] [--submissions FOLDER]
        OUT/manual/<question>.html   every readable submission's answer, with its own plots
        OUT/manual/<question>.csv    submission, points, comment: for the TA to fill in
    python -m autograder merge-manual ASSIGNMENT OUT
        the CSVs -> record.manual_grades -> results JSON, feedback, gradebook, report

Where an answer is: Otter Assign wraps every question configured ``manual`` (or ``export``) in
``<!-- BEGIN QUESTION -->`` ... ``<!-- END QUESTION -->`` Markdown comments, in question order;
Otter's PDF export keeps just those cells. The answer is what the student has in those cells, less
the prompt (a cell identical to the release's). A written question usually asks about the plots
just above it, so the images come from the outputs of the question's own cells and of the code
cells since the previous question (its answer or ``grader.check`` cell).

Everything in an answer is the student's: Markdown is rendered by markdown-it-py with raw HTML,
links and images off, the template is autoescaped, and the page's Content-Security-Policy allows
no script and no outside resource. A hostile answer shows as text.

Nothing a TA typed is lost: ``manual`` never overwrites a CSV that holds points or comments (it
writes ``<question>.new.csv`` beside it), ``merge-manual`` checks every CSV before it writes
anything, an empty ``points`` cell changes nothing, and a regrade carries the merged grades over
(``carry_over``, called by batch).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import functools
import hashlib
import io
import json
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import batch, release, report, shards
from .record import ManualGrade, SubmissionRecord

FOLDER = "manual"
SOURCES = "sources.json"            # OUT/manual/sources.json: the class folder that was graded
LABELS = "anonymous-labels.json"    # OUT/manual/anonymous-labels.json: label -> submission
ANSWER_TAG = "otter_answer_cell"    # Otter Assign's tag on the cells students write in
# Otter's own patterns (otter.export.exporters.utils BEGIN_/END_QUESTION_REGEX), written out here
# because importing that package costs a second.
_BEGIN = re.compile(r"<!--\s*BEGIN QUESTION\s*-->", re.IGNORECASE)
_END = re.compile(r"<!--\s*END QUESTION\s*-->", re.IGNORECASE)
_CHECK = re.compile(r"\bgrader\.check\(")
IMAGE_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
MAX_IMAGE_BYTES = 4 * 2**20
MAX_IMAGES = 12           # per answer
MAX_PROBLEMS = 50         # CSV problems listed before "... and N more"
_EPSILON = 1e-9


class ManualError(Exception):
    """A user error; the message is bilingual (Chinese, then English)."""


# -- where things are --------------------------------------------------------------------------

def folder(out: Path) -> Path:
    return Path(out) / FOLDER


def csv_path(out: Path, question: str) -> Path:
    return folder(out) / f"{report.safe_filename(question)}.csv"


def page_path(out: Path, question: str) -> Path:
    return folder(out) / f"{report.safe_filename(question)}.html"


def remember_submissions(out: Path, submissions: Path) -> None:
    """Record the class folder a grade run read, so that ``manual`` can find the notebooks."""
    path = folder(out) / SOURCES
    data = {"submissions": str(Path(submissions).resolve())}
    try:
        if json.loads(path.read_text(encoding="utf-8")) == data:
            return
    except (OSError, ValueError):
        pass
    report._write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def submissions_folder(out: Path, override: Path | None = None) -> Path:
    """The class folder: ``override``, else the one OUT/manual/sources.json names."""
    found = None if override is None else Path(override)
    if found is None:
        try:
            found = Path(json.loads((folder(out) / SOURCES).read_text(encoding="utf-8"))
                         ["submissions"])
        except (OSError, ValueError, KeyError, TypeError):
            raise ManualError(f"{out} 里没有记下提交所在的文件夹：请用 --submissions 指定。\n"
                              f"{out} does not say where the submissions are: pass "
                              "--submissions.") from None
    if not found.is_dir():
        raise ManualError(f"提交文件夹不存在：{found}（可用 --submissions 指定）。\n"
                          f"the submissions folder does not exist: {found} (pass --submissions).")
    return found


def load_records(out: Path) -> list[SubmissionRecord]:
    """The saved records of the submissions the last grade run covered (OUT/run.json, see
    shards.py: a file since removed from the class leaves its old result behind), or of every
    saved result if run.json cannot be read."""
    results = Path(out) / "results"
    if not results.is_dir():
        raise ManualError(f"{out} 不是评分输出文件夹（没有 results/）：请先运行 grade。\n"
                          f"{out} is not a graded output folder (no results/): run grade first.")
    try:
        run = shards.read_run(out)
        names = [name for name in run.everyone if name in run.submissions]
    except shards.ShardError:
        names = sorted(p.stem for p in results.glob("*.json"))
    records = [batch.read_record(Path(out), name) for name in names]
    return [r for r in records if r is not None]


def manual_questions(assignment) -> list:
    questions = [q for q in assignment.questions if q.manual]
    if not questions:
        raise ManualError(f"{assignment.name} 没有人工评分的题目。\n"
                          f"{assignment.name} has no manually graded questions.")
    return questions


def _check_folder_holds(assignment, out: Path) -> None:
    """OUT/run.json (written by grade) must name this assignment, if it is there."""
    try:
        named = shards.read_run(out).assignment
    except shards.ShardError:
        return
    if named != assignment.name:
        raise ManualError(f"{out} 是作业 {named} 的评分结果，不是 {assignment.name}。\n"
                          f"{out} holds grades of {named}, not {assignment.name}.")


# -- the answers in a notebook -----------------------------------------------------------------

def exported_questions(assignment_name: str) -> list[str]:
    """The questions Otter Assign wraps in BEGIN/END QUESTION markers, in notebook order: those
    configured ``manual`` or ``export`` (otter.assign.notebook_transformer). grading.read_questions
    reads the same cells but does not keep ``export``."""
    import nbformat
    import yaml

    notebook = nbformat.read(release.source_notebook(assignment_name), as_version=4)
    names = []
    for cell in notebook.cells:
        lines = cell.source.strip().splitlines()
        if cell.cell_type == "raw" and lines and lines[0].strip() == "# BEGIN QUESTION":
            config = yaml.safe_load("\n".join(lines[1:])) or {}
            if config.get("manual") or config.get("export"):
                names.append(str(config["name"]))
    return names


@dataclass
class Region:
    """Cells ``start``..``end`` (inclusive) of a notebook, between Otter's question markers."""

    start: int
    end: int


def regions(notebook) -> list[Region]:
    """Every BEGIN QUESTION ... END QUESTION span, as Otter's export filter finds them."""
    found, start = [], None
    for index, cell in enumerate(notebook.cells):
        text = _source(cell)
        begin = _BEGIN.search(text) if start is None else None
        if begin:
            start, text = index, text[begin.end():]
        if start is not None and _END.search(text):
            found.append(Region(start, index))
            start = None
    if start is not None:
        found.append(Region(start, len(notebook.cells) - 1))
    return found


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _region_text(notebook, region: Region, index: int) -> str:
    """A cell's source without the marker lines and what lies outside the markers."""
    text = _source(notebook.cells[index])
    if index == region.start and (begin := _BEGIN.search(text)):
        text = text[begin.end():]
    if index == region.end and (end := _END.search(text)):
        text = text[:end.start()]
    return text.strip()


def _is_answer_cell(cell) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return isinstance(tags, list) and ANSWER_TAG in tags


@dataclass
class Reference:
    """A question's cells in the student release: the prompt, and the answer placeholders."""

    prompt: list[str] = field(default_factory=list)
    placeholders: set[str] = field(default_factory=set)


def references(assignment_name: str) -> dict[str, Reference]:
    """Per exported question: its prompt and placeholder texts in the student release."""
    import nbformat

    path = release.STUDENT_RELEASES / assignment_name / f"{assignment_name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    found = {}
    for name, region in zip(exported_questions(assignment_name), regions(notebook)):
        reference = found.setdefault(name, Reference())
        for index in range(region.start, region.end + 1):
            text = _region_text(notebook, region, index)
            if not text:
                continue
            if _is_answer_cell(notebook.cells[index]):
                reference.placeholders.add(text)
            else:
                reference.prompt.append(text)
    return found


@dataclass
class Answer:
    cells: list[dict] = field(default_factory=list)   # {"kind", "html" (Markup) or "text"}
    images: list[dict] = field(default_factory=list)  # {"src": data URI, "cell": number}
    notes: list[str] = field(default_factory=list)    # bilingual remarks for the TA


def find_answer(notebook, position: int, reference: Reference) -> Answer:
    """The answer to the ``position``-th exported question of a student's notebook."""
    answer = Answer()
    spans = regions(notebook)
    if position >= len(spans):
        answer.notes.append("笔记本里找不到这道题的标记（<!-- BEGIN QUESTION -->），请直接打开笔记本查看。 / "
                            "the question's markers (<!-- BEGIN QUESTION -->) are not in this "
                            "notebook: open the notebook itself.")
        return answer
    region = spans[position]
    prompt = set(reference.prompt)
    for index in range(region.start, region.end + 1):
        cell = notebook.cells[index]
        text = _region_text(notebook, region, index)
        if not text or text in reference.placeholders or \
                (text in prompt and not _is_answer_cell(cell)):
            continue
        if cell.get("cell_type") == "markdown":
            answer.cells.append({"kind": "markdown", "html": render_markdown(text)})
        else:
            answer.cells.append({"kind": cell.get("cell_type", "raw"), "text": text})
    if not answer.cells:
        answer.notes.append("未作答（只有题目和占位文字）。 / no answer (only the prompt and the "
                            "placeholder text).")
    _add_images(answer, notebook, _section_start(notebook, region.start), region.end)
    return answer


def _section_start(notebook, start: int) -> int:
    """The first cell after the previous question: its answer, grader.check or END marker cell."""
    for index in range(start - 1, -1, -1):
        cell = notebook.cells[index]
        text = _source(cell)
        if _is_answer_cell(cell) or _END.search(text) or \
                (cell.get("cell_type") == "code" and _CHECK.search(text)):
            return index + 1
    return 0


def _add_images(answer: Answer, notebook, first: int, last: int) -> None:
    seen, skipped = set(), 0
    for index in range(first, last + 1):
        cell = notebook.cells[index]
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []) or []:
            data = output.get("data") if isinstance(output, dict) else None
            for mime in IMAGE_MAGIC:
                raw = _image_bytes(mime, data.get(mime) if isinstance(data, dict) else None)
                digest = raw and hashlib.sha256(raw).digest()
                if raw is None or digest in seen:
                    continue
                if len(raw) > MAX_IMAGE_BYTES or len(answer.images) >= MAX_IMAGES:
                    skipped += 1
                    continue
                seen.add(digest)
                answer.images.append({"cell": index + 1, "src": f"data:{mime};base64,"
                                      + base64.b64encode(raw).decode("ascii")})
    if skipped:
        answer.notes.append(f"另有 {skipped} 张图太大或太多，未显示。 / {skipped} more images not shown "
                            f"(over {MAX_IMAGE_BYTES // 2**20} MB, or more than {MAX_IMAGES}).")


def _image_bytes(mime: str, data) -> bytes | None:
    """The decoded image if ``data`` is base64 of a real PNG/JPEG (student-controlled: anything
    else is dropped, and the page re-encodes what it shows)."""
    if isinstance(data, list):
        data = "".join(str(part) for part in data)
    if not isinstance(data, str):
        return None
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if raw.startswith(IMAGE_MAGIC[mime]) else None


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt

    # html off: raw HTML is shown as text. Links, images and link reference definitions off too:
    # nothing in an answer loads from or points to anywhere (a link shows as its text).
    return (MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
            .disable(["link", "image", "autolink", "reference"]))


def render_markdown(text: str):
    """An answer's Markdown as HTML that is safe to embed (markdown-it escapes all text)."""
    from markupsafe import Markup

    return Markup(_markdown().render(text))


# -- the page and the CSV ------------------------------------------------------------------------

def order_key(assignment_name: str, question: str, submission: str) -> str:
    """Random-looking but stable order: neither alphabetical nor the same on every page."""
    return hashlib.sha256(f"{assignment_name}\0{question}\0{submission}".encode()).hexdigest()


def anonymous_labels(out: Path, names: list[str]) -> dict[str, str]:
    """submission -> stable label such as "S-3f9a", kept in OUT/manual/anonymous-labels.json with
    a random salt (labels cannot be computed from names); extended for new submissions."""
    path = folder(out) / LABELS
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        salt, labels = str(saved["salt"]), dict(saved["labels"])
    except (OSError, ValueError, KeyError, TypeError):
        salt, labels = secrets.token_hex(16), {}
    by_name = {name: label for label, name in labels.items()}
    for name in sorted(set(names) - set(by_name)):
        digest = hashlib.sha256(f"{salt}\0{name}".encode()).hexdigest()
        length = 4
        while f"S-{digest[:length]}" in labels:  # a clash: a longer prefix
            length += 1
        labels[f"S-{digest[:length]}"] = name
        by_name[name] = f"S-{digest[:length]}"
    report._write_atomic(path, json.dumps({"salt": salt, "labels": dict(sorted(labels.items()))},
                                          ensure_ascii=False, indent=1) + "\n")
    return by_name


def saved_labels(out: Path) -> dict[str, str]:
    """label -> submission, from the anonymous labels file (empty if there is none)."""
    try:
        labels = json.loads((folder(out) / LABELS).read_text(encoding="utf-8"))["labels"]
        return {str(k): str(v) for k, v in labels.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


@dataclass
class Written:
    question: str
    page: Path
    csv: Path
    answers: int
    kept_csv: bool = False   # the TA's CSV had input: the new rows went to <question>.new.csv
    unreadable: list[str] = field(default_factory=list)


def write_pages(assignment, out: Path, *, anonymous: bool = False,
                submissions: Path | None = None) -> list[Written]:
    """OUT/manual/<question>.html and .csv for every manual question of ``assignment``."""
    out = Path(out)
    if not out.is_dir():
        raise ManualError(f"{out} 不是评分输出文件夹：请先运行 grade。\n"
                          f"{out} is not a graded output folder: run grade first.")
    _check_folder_holds(assignment, out)
    questions = manual_questions(assignment)
    class_folder = submissions_folder(out, submissions)
    records = load_records(out)
    if not records:
        raise ManualError(f"{out} 里还没有评分结果：请先运行 grade。\n"
                          f"{out} holds no graded submissions yet: run grade first.")
    notebooks, unreadable = {}, []
    for record in records:
        try:
            notebooks[record.submission] = batch.load_notebook(class_folder / record.file)[0]
        except (OSError, batch.SubmissionError):
            unreadable.append(record.submission)
    shown = [r for r in records if r.submission in notebooks]
    labels = anonymous_labels(out, [r.submission for r in shown]) if anonymous else {}
    positions = {name: i for i, name in enumerate(exported_questions(assignment.name))}
    refs = references(assignment.name)
    written = []
    for question in questions:
        ordered = sorted(shown, key=lambda r: order_key(assignment.name, question.name,
                                                        r.submission))
        reference = refs.get(question.name, Reference())
        answers = [_answer_view(r, find_answer(notebooks[r.submission],
                                               positions.get(question.name, len(positions)),
                                               reference),
                                question, labels.get(r.submission))
                   for r in ordered]
        page = page_path(out, question.name)
        report._write_atomic(page, report._render("manual.html.j2", **_page_view(
            assignment, question, answers, reference, anonymous, unreadable)))
        rows = [(labels.get(r.submission, r.submission), r.manual_grades.get(question.name))
                for r in ordered]
        kept, path = _write_csv(out, question.name, rows)
        written.append(Written(question.name, page, path, len(answers), kept, unreadable))
    return written


def _answer_view(record: SubmissionRecord, answer: Answer, question, label: str | None) -> dict:
    grade = record.manual_grades.get(question.name)
    return {
        "label": label or record.submission,
        "file": "" if label else record.file,
        "href": "" if label else "../" + report.feedback_href(record.submission),
        "status": record.status, "status_label": report._status_label(record.status),
        "grade": "" if grade is None else
        f"{report.format_points(grade.points)} / {report.format_points(question.points)}",
        "comment": "" if grade is None else grade.comment,
        "changed": grade is not None and grade.answer_changed,
        "cells": answer.cells, "images": answer.images, "notes": answer.notes,
    }


def _page_view(assignment, question, answers, reference, anonymous, unreadable) -> dict:
    points = report.format_points(question.points)
    return {
        "title": f"{assignment.name} {question.name}: 人工评分 / graded by hand ({points} 分 / points)",
        "assignment": assignment.name, "question": question.name, "points": points,
        "csv": f"{report.safe_filename(question.name)}.csv",
        "prompt": [render_markdown(text) for text in reference.prompt],
        "answers": answers, "anonymous": anonymous,
        "unreadable": [] if anonymous else unreadable, "unreadable_count": len(unreadable),
    }


def _write_csv(out: Path, question: str, rows: list[tuple[str, ManualGrade | None]]):
    """Write the question's CSV, pre-filled with the grades already merged; if the TA's CSV there
    already holds input, leave it and write <question>.new.csv. Returns (kept, path written)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["submission", "points", "comment"])
    for name, grade in rows:
        writer.writerow([report._sheet_text(name),
                         "" if grade is None else report.format_points(grade.points),
                         "" if grade is None else grade.comment])
    path = csv_path(out, question)
    kept = path.exists() and _has_input(path)
    if kept:
        path = path.with_suffix(".new.csv")
    report._write_atomic(path, buffer.getvalue(), encoding="utf-8-sig")  # BOM: Excel reads UTF-8
    return kept, path


def _has_input(path: Path) -> bool:
    """Whether a CSV holds any points or comment (True as well when it cannot be read: a file we
    cannot understand is not ours to overwrite)."""
    try:
        table = _parse_csv(path)
    except ManualError:
        return True
    columns = [i for i, name in enumerate(table.header) if name in ("points", "comment")]
    return any(any(i < len(row) and row[i].strip() for i in columns) for _, row in table.rows)


# -- reading the CSVs back -----------------------------------------------------------------------

@dataclass
class Table:
    header: list[str]                    # normalised column names
    rows: list[tuple[int, list[str]]]    # (line number, cells)
    delimiter: str


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    # Excel's "Unicode text" is UTF-16 with a BOM. Excel on Chinese Windows saves "CSV (逗号分隔)"
    # in the ANSI code page, GBK, of which GB18030 is the superset; a name decoded wrongly still
    # fails as an unknown submission.
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManualError(f"{path.name}：不是 UTF-8 文本，请另存为 “CSV UTF-8”。\n"
                      f"{path.name}: not UTF-8 text; save it as \"CSV UTF-8\".")


def _parse_csv(path: Path) -> Table:
    """The CSV's cells; the delimiter is whichever of , ; tab makes a header with ``submission``
    and ``points`` (Excel in some locales saves with ;)."""
    text = _decode(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ManualError(f"{path.name} 第 1 行：缺少表头（submission,points,comment）。\n"
                          f"{path.name} line 1: the header (submission,points,comment) is missing.")
    header, delimiter = None, ","
    for candidate in (",", ";", "\t"):
        cells = [_column(c) for c in next(csv.reader([lines[0]], delimiter=candidate))]
        if {"submission", "points"} <= set(cells):
            header, delimiter = cells, candidate
            break
    if header is None:
        found = ", ".join(c.strip() for c in lines[0].split(",")) or "—"
        raise ManualError(f"{path.name} 第 1 行：缺少列 submission 或 points（找到的是：{found}）。\n"
                          f"{path.name} line 1: the column submission or points is missing "
                          f"(found: {found}).")
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        raise ManualError(f"{path.name} 第 1 行：列名重复：{', '.join(duplicated)}。\n"
                          f"{path.name} line 1: duplicate columns: {', '.join(duplicated)}.")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows = []
    try:
        next(reader)
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        line = reader.line_num
        raise ManualError(f"{path.name} 第 {line} 行：CSV 格式错误（{error}），例如引号没有配对。\n"
                          f"{path.name} line {line}: malformed CSV ({error}), e.g. an unclosed "
                          "quote.") from None
    return Table(header, rows, delimiter)


def _column(name: str) -> str:
    return name.replace("\ufeff", "").strip().lower()


@dataclass
class Row:
    submission: str
    points: float | None
    comment: str
    line: int


def read_grades(path: Path, possible: float, known: set[str], labels: dict[str, str],
                problems: list[tuple[str, str]]) -> list[Row]:
    """The rows of one question's CSV; each problem found is appended to ``problems`` as
    (zh, en), and the rows with problems are left out."""
    try:
        table = _parse_csv(path)
    except ManualError as error:
        zh, _, en = str(error).partition("\n")
        problems.append((zh, en))
        return []
    where = {name: table.header.index(name) for name in ("submission", "points", "comment")
             if name in table.header}
    rows, lines_of = [], {}
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue  # blank lines, and Excel's rows of empty cells

        def cell(name, cells=cells):
            index = where.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def problem(zh, en, line=line):
            problems.append((f"{path.name} 第 {line} 行：{zh}", f"{path.name} line {line}: {en}"))

        if len(cells) > len(table.header) and any(c.strip() for c in cells[len(table.header):]):
            problem("单元格比列多（含逗号的评语要放在引号里）。",
                    "more cells than columns (a comment with a comma must be in quotes).")
            continue
        name = _resolve(cell("submission"), known, labels)
        if name is None:
            shown = cell("submission") or "（空 / empty）"
            problem(f"未知的提交 “{shown}”。", f"unknown submission \"{shown}\".")
            continue
        if name in lines_of:
            problem(f"提交 “{name}” 重复出现（另见第 {lines_of[name]} 行）。",
                    f"submission \"{name}\" appears twice (see also line {lines_of[name]}).")
            continue
        lines_of[name] = line
        points = _points(cell("points"), table.delimiter, possible, problem)
        if points is not False:
            rows.append(Row(name, points, cell("comment"), line))
    return rows


def _resolve(value: str, known: set[str], labels: dict[str, str]) -> str | None:
    """A submission name from a CSV cell: a name, an anonymous label, or a name with the "'" that
    protects it from spreadsheet formulas (report._sheet_text)."""
    for candidate in (value, value[1:] if value.startswith("'") else None):
        if candidate in known:
            return candidate
        if candidate in labels and labels[candidate] in known:
            return labels[candidate]
    return None


def _points(text: str, delimiter: str, possible: float, problem):
    """The points in a cell: None if empty, False (and a problem) if not valid."""
    if not text:
        return None
    # NFKC turns full-width digits typed with a Chinese input method into ASCII ones; a decimal
    # comma is read as a point where it cannot be the delimiter (Excel in many locales)
    normal = unicodedata.normalize("NFKC", text)
    if delimiter != ",":
        normal = normal.replace(",", ".")
    try:
        points = float(normal)
    except ValueError:
        problem(f"分数 “{text}” 不是数字。", f"points \"{text}\" are not a number.")
        return False
    if not math.isfinite(points) or not -_EPSILON <= points <= possible + _EPSILON:
        limit = report.format_points(possible)
        problem(f"分数 {text} 超出范围 [0, {limit}]。", f"points {text} are out of range [0, {limit}].")
        return False
    return max(points, 0.0)


@dataclass
class Merged:
    question: str
    csv: Path | None        # None: there is no CSV for this question yet
    updated: int = 0        # grades new or changed by this merge
    unchanged: int = 0
    pending: int = 0        # submissions without points: still graded by hand
    comment_only: int = 0   # rows with a comment but no points (not merged)


def merge(assignment, out: Path) -> list[Merged]:
    """Check every CSV, then merge the points into the records and rewrite the results, the
    feedback pages, the gradebook and the report. Raises ManualError, having written nothing, if
    any CSV has a problem."""
    out = Path(out)
    _check_folder_holds(assignment, out)
    questions = manual_questions(assignment)
    records = {r.submission: r for r in load_records(out)}
    labels = saved_labels(out)
    problems: list[tuple[str, str]] = []
    read = {}
    for question in questions:
        path = csv_path(out, question.name)
        if path.is_file():
            read[question.name] = read_grades(path, question.points, set(records), labels,
                                              problems)
    if not read:
        raise ManualError(f"{folder(out)} 里没有评分表（<题目>.csv）：请先运行 manual。\n"
                          f"no grading sheets (<question>.csv) in {folder(out)}: run manual first.")
    if problems:
        raise ManualError(_listing(problems))
    summary, changed = [], {}
    for question in questions:
        rows = read.get(question.name)
        result = Merged(question.name, csv_path(out, question.name) if rows is not None else None)
        for row in rows or []:
            record = records[row.submission]
            if row.points is None:  # not graded yet: leaves the record as it is
                result.comment_only += bool(row.comment)
                continue
            grade = ManualGrade(row.points, row.comment)
            if record.manual_grades.get(question.name) == grade:
                result.unchanged += 1
                continue
            record.manual_grades[question.name] = grade
            _refresh_changed_flag(record)  # merged again: the TA has seen the answer
            changed[record.submission] = record
            result.updated += 1
        result.pending = sum(question.name not in r.manual_grades for r in records.values())
        summary.append(result)
    for record in changed.values():
        batch.save(out, record)
    batch.write_summaries(assignment, out, list(records.values()))
    return summary


def _listing(problems: list[tuple[str, str]]) -> str:
    shown = problems[:MAX_PROBLEMS]
    lines = [f"{zh}\n{en}" for zh, en in shown]
    if len(problems) > len(shown):
        more = len(problems) - len(shown)
        lines.append(f"……还有 {more} 个问题。\n... and {more} more problems.")
    head = (f"评分表有 {len(problems)} 个问题，什么都没有合并，也没有写入任何文件：\n"
            f"the grading sheets have {len(problems)} problems; nothing was merged or written:")
    return head + "\n" + "\n".join(lines)


# -- regrading -----------------------------------------------------------------------------------

def carry_over(old: SubmissionRecord | None, new: SubmissionRecord) -> None:
    """Give a regraded submission's new record the manual grades merged into its old one. If the
    content changed (not just the grader version), the grades are kept but marked, and flagged
    for the TA: the written answer may be different now."""
    if old is None or not old.manual_grades:
        return
    content_changed = old.key.partition("-")[0] != new.key.partition("-")[0]
    for name, grade in old.manual_grades.items():
        new.manual_grades.setdefault(
            name, replace(grade, answer_changed=grade.answer_changed or content_changed))
    _refresh_changed_flag(new)


_CHANGED = "人工评分之后文件有改动"  # the start of the flag's Chinese part: how it is found again


def _refresh_changed_flag(record: SubmissionRecord) -> None:
    """One flag naming the manual grades given before the file last changed (none if none)."""
    record.flags = [f for f in record.flags if _CHANGED not in f]
    changed = ", ".join(sorted(n for n, g in record.manual_grades.items() if g.answer_changed))
    if changed:
        record.flags.append(f"{changed}：{_CHANGED}，答案可能已变，请复查并重新合并 / "
                            f"{changed}: the file changed after it was graded by hand; the answer "
                            "may differ: check it and merge again")
