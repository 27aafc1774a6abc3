"""Reports built from per-submission records (record.SubmissionRecord): a gradebook CSV,
per-student feedback pages, one class report for the TAs, and Gradescope's results shape.

Everything here is a pure function of records: no grading happens in this module. Python works out
what to show (numbers, texts, plots) as plain dicts and lists; the Jinja2 templates in templates/
only lay it out. Record text (failure messages, cell errors, submission names) is
student-influenced: the HTML templates are autoescaped, and the Markdown template escapes every
value it prints unless a filter has already made it safe.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import re
import statistics
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import jinja2

from .grading import Question
from .record import SubmissionRecord

MANUAL_NOTE = "需要人工评分 / graded by hand"
MANUAL_GRADED_NOTE = "人工评分 / graded by hand"
TOTALS_NOTE = ("总分 = 自动评分 + 已合并的人工评分（merge-manual）；尚未合并的人工评分题不计入总分和满分。 / "
               "Totals = autograded points + merged manual grades (merge-manual); manual questions "
               "not merged yet count in neither the total nor the possible points.")
PASSED_NOTE = "全部通过 / all tests passed"
STATUS_LABELS = {
    "graded": "已评分 / graded",
    "error": "错误 / error",
    "timeout": "超时 / timeout",
    "killed": "进程崩溃 / killed",
}
TOP_FAILURES = 20
# Characters not allowed in file names on Windows, macOS or Linux (plus control characters).
_ILLEGAL_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# A number that stands alone (not part of an identifier such as fc1 or q3).
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![A-Za-z_\d])")
# Spreadsheet programs run cells starting with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- small helpers -------------------------------------------------------------------------------

def format_points(value) -> str:
    """2.0 -> "2", 1.5 -> "1.5", 0.3333 -> "0.33"; empty for None."""
    if value is None:
        return ""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def safe_filename(name: str) -> str:
    """A file name for a submission: spaces and Chinese are kept, illegal characters become "_"."""
    text = _ILLEGAL_FILENAME.sub("_", name).strip().rstrip(".")
    while len(text.encode("utf-8")) > 200:  # stay well below the usual 255-byte limit
        text = text[:-1]
    return text if text and text not in (".", "..") else "_"


def feedback_href(submission: str) -> str:
    """The report's relative link to a submission's feedback page."""
    return "feedback/" + quote(safe_filename(submission) + ".html")


def english_part(message: str) -> str:
    """The English line(s) of a bilingual "中文\\nEnglish" message (all of it if one line)."""
    head, sep, tail = message.partition("\n")
    return tail.strip() if sep and tail.strip() else head.strip()


def failure_key(message: str) -> str:
    """A message's English part with numbers replaced by "#", so similar failures group together."""
    return " ".join(_NUMBER.sub("#", english_part(message)).split())


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write a file through a temporary file in the same folder and os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; these files are meant to be shared
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _full_points(question) -> bool:
    return question.points >= question.possible - 1e-9


# -- templates -----------------------------------------------------------------------------------

class _Verbatim(str):
    """Markdown that a filter already made safe: the Markdown template prints it as it is."""


def _md(text) -> str:
    """Inline Markdown text: no markup, no raw HTML."""
    text = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text).replace("\n", " ")


def _md_block(text, indent: str = "") -> _Verbatim:
    """A fenced block (longer than any backtick run inside) so nothing in it is interpreted."""
    text = str(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [fence + "text", *text.splitlines(), fence]
    return _Verbatim("\n".join(indent + line for line in body))


def _templates(**options) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("autograder", "templates"),
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, **options)


# HTML templates are autoescaped; so is any other template but the Markdown one, to fail safe.
_HTML = _templates(autoescape=jinja2.select_autoescape(
    enabled_extensions=("html", "html.j2"), disabled_extensions=("md.j2",), default=True))
# Markdown is plain text, not HTML: every printed value goes through _md unless it is _Verbatim.
_MARKDOWN = _templates(autoescape=False,
                       finalize=lambda value: value if isinstance(value, _Verbatim) else _md(value))
_MARKDOWN.filters["md_block"] = _md_block


def _render(name: str, **context) -> str:
    templates = _MARKDOWN if name.endswith(".md.j2") else _HTML
    return templates.get_template(name).render(**context)


# -- gradebook -----------------------------------------------------------------------------------

def write_gradebook(records: list[SubmissionRecord], questions: list[Question], path: Path) -> None:
    """One CSV row per submission (UTF-8 with BOM for Excel), sorted by submission name."""
    header = ["submission", "status", *(q.name for q in questions), "total", "possible", "reason",
              "flags", "cell_errors", "seconds", "file"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for record in sorted(records, key=lambda r: r.submission):
        writer.writerow(_gradebook_row(record, questions))
    _write_atomic(path, buffer.getvalue(), encoding="utf-8-sig")


def _gradebook_row(record: SubmissionRecord, questions: list[Question]) -> list[str]:
    earned = {q.name: q.points for q in record.questions}
    cells = []
    for question in questions:
        if question.manual and question.name in record.manual_grades:
            cells.append(format_points(record.manual_grades[question.name].points))
        elif question.manual:
            cells.append("manual")
        elif record.graded and question.name in earned:
            cells.append(format_points(earned[question.name]))
        else:
            cells.append("")
    return [_sheet_text(record.submission), record.status, *cells,
            format_points(record.total), format_points(record.possible),
            _sheet_text(_one_line(record.reason)), _sheet_text("; ".join(record.flags)),
            str(len(record.cell_errors)), format_points(record.seconds),
            _sheet_text(record.file)]


def _sheet_text(text: str) -> str:
    """Keep spreadsheet programs from running student-chosen text as a formula."""
    return "'" + text if str(text).startswith(_FORMULA_START) else str(text)


# -- feedback for one submission -----------------------------------------------------------------

def write_feedback(record: SubmissionRecord, folder: Path) -> tuple[Path, Path]:
    """Write <folder>/<submission>.html and .md; return their paths."""
    stem = safe_filename(record.submission)
    html_path, md_path = Path(folder) / f"{stem}.html", Path(folder) / f"{stem}.md"
    _write_atomic(html_path, feedback_html(record))
    _write_atomic(md_path, feedback_markdown(record))
    return html_path, md_path


def feedback_html(record: SubmissionRecord) -> str:
    return _render("feedback.html.j2", **feedback_view(record))


def feedback_markdown(record: SubmissionRecord) -> str:
    return _render("feedback.md.j2", **feedback_view(record)).rstrip() + "\n"


def feedback_view(record: SubmissionRecord) -> dict:
    """What a feedback page shows, as plain data for the HTML and Markdown templates."""
    return {
        "title": f"{record.submission}: {format_points(record.total)} / "
                 f"{format_points(record.possible)}",
        "total_note": _pending_note(record),
        "status_label": _status_label(record.status),
        "reason": "" if record.graded else record.reason,
        "questions": [_question_view(q, record.graded, record.manual_grades.get(q.name))
                      for q in record.questions],
        "cell_errors": [{"cell": "?" if e.cell is None else str(e.cell), "type": e.type,
                         "message": e.message} for e in record.cell_errors],
    }


def _pending_note(record: SubmissionRecord) -> str:
    """Says which manually graded questions the total leaves out (not merged yet)."""
    pending = ", ".join(record.pending_manual)
    return (f"总分不含人工评分题 {pending}（尚未评分）。 / The total does not include {pending}, "
            "graded by hand (not graded yet).") if pending else ""


def _question_view(question, graded: bool, manual_grade=None) -> dict:
    """``manual_grade``: the record.ManualGrade merged for a manual question, if any."""
    if manual_grade is not None:
        score = (f"{format_points(manual_grade.points)} / {format_points(question.possible)}"
                 f"（{MANUAL_GRADED_NOTE}）")
    else:
        score = MANUAL_NOTE if question.manual else \
            f"{format_points(question.points)} / {format_points(question.possible)}"
    cases = [{"label": f"{c.name} ({format_points(c.points)} / {format_points(c.possible)})",
              "passed": c.passed, "message": c.message} for c in question.cases]
    return {"name": question.name, "score": score, "cases": cases,
            "no_tests": not cases and graded and not question.manual,
            "comment": manual_grade.comment if manual_grade is not None else ""}


# -- Gradescope ----------------------------------------------------------------------------------

def gradescope_results(record: SubmissionRecord) -> dict:
    """Gradescope's results.json shape, with the whole record under extra_data.kit."""
    output = f"状态 / status: {record.status}"
    if record.reason:
        output += "\n" + record.reason
    return {
        "score": float(record.total),
        "execution_time": float(record.seconds),
        "output": output,
        "tests": [_gradescope_test(q, record.status, record.manual_grades.get(q.name))
                  for q in record.questions],
        "extra_data": {"kit": record.to_json()},
    }


def _gradescope_test(question, status: str, manual_grade=None) -> dict:
    if manual_grade is not None:
        return {"name": question.name, "score": float(manual_grade.points),
                "max_score": float(question.possible), "visibility": "visible",
                "output": f"{MANUAL_GRADED_NOTE}\n{manual_grade.comment}".rstrip()}
    if question.manual:
        output = MANUAL_NOTE
    elif status != "graded":
        output = f"未评分 / not graded ({status})"
    else:
        output = "\n\n".join(c.message for c in question.cases if not c.passed) or PASSED_NOTE
    return {"name": question.name, "score": float(question.points),
            "max_score": float(question.possible), "visibility": "visible", "output": output}


# -- class report --------------------------------------------------------------------------------

def write_report(records: list[SubmissionRecord], questions: list[Question], path: Path,
                 title: str, regrade: dict | None = None, roster: dict | None = None) -> None:
    """One self-contained HTML page for the TAs: numbers, plots, frequent failures, tables.
    ``regrade``: the regrade section (regrade.write_diff), None for none.
    ``roster``: the roster and lateness section (roster.report_section), None for none."""
    _write_atomic(path, _render("report.html.j2", **report_view(
        records, questions, title, regrade=regrade, roster=roster)))


def report_view(records: list[SubmissionRecord], questions: list[Question], title: str,
                regrade: dict | None = None, roster: dict | None = None) -> dict:
    """What the class report shows, as plain data for its template."""
    from . import items  # imported here: items uses this module's failure_key

    records = sorted(records, key=lambda r: r.submission)
    possible = _possible_total(records, questions)
    totals = [r.total for r in records if r.graded]
    rows = question_stats(records, questions)
    plotted = [r for r in rows if not r["manual"] and r["pass_rate"] is not None]
    return {
        "title": title,
        "cards": _headline_cards(summary(records), format_points(possible)),
        "histogram": _data_uri(histogram_png(totals, possible)) if totals else None,
        "questions_chart": _data_uri(questions_png(plotted)) if plotted else None,
        "question_rows": [_question_row(r, records) for r in rows],
        "totals_note": TOTALS_NOTE if any(q.manual for q in questions) else "",
        "manual_note": MANUAL_NOTE,
        "items": items.view(records, questions),
        "regrade": regrade,
        "roster": roster,
        "failures": frequent_failures(records),
        "attention": [_submission_row(r) for r in _needing_attention(records)],
        "submissions": [_submission_row(r) for r in records],
    }


def _possible_total(records: list[SubmissionRecord], questions: list[Question]) -> float:
    # manual questions count once any of their grades is merged (record.total then includes them)
    counted = [q.points for q in questions
               if not q.manual or any(q.name in r.manual_grades for r in records)]
    if counted:
        return sum(counted)
    return max((r.possible for r in records), default=0.0)


def summary(records: list[SubmissionRecord]) -> dict:
    """Headline numbers: counts by status, flagged count, mean and median total of graded ones."""
    totals = [r.total for r in records if r.graded]
    counts = Counter(r.status for r in records)
    return {
        "submissions": len(records), "graded": counts["graded"], "error": counts["error"],
        "timeout": counts["timeout"], "killed": counts["killed"],
        "flagged": sum(1 for r in records if r.flags),
        "mean": statistics.fmean(totals) if totals else None,
        "median": statistics.median(totals) if totals else None,
    }


def _headline_cards(numbers: dict, possible: str) -> list[dict]:
    def card(label, value, kind=""):
        return {"label": label, "value": value, "kind": kind}

    def bad_if_any(key):
        return "bad" if numbers[key] else ""

    return [
        card("提交 / Submissions", numbers["submissions"]),
        card("已评分 / Graded", numbers["graded"], "ok"),
        card("错误 / Errors", numbers["error"], bad_if_any("error")),
        card("超时 / Timeouts", numbers["timeout"], bad_if_any("timeout")),
        card("崩溃 / Killed", numbers["killed"], bad_if_any("killed")),
        card("待复查 / Flagged", numbers["flagged"], "warn" if numbers["flagged"] else ""),
        card("平均分 / Mean total", _of(numbers["mean"], possible)),
        card("中位数 / Median total", _of(numbers["median"], possible)),
    ]


def _of(value, possible: str) -> str:
    return "—" if value is None else f"{format_points(value)} / {possible}"


def question_stats(records: list[SubmissionRecord], questions: list[Question]) -> list[dict]:
    """Per question: mean score fraction and pass rate (full points) over graded submissions."""
    graded = [{q.name: q for q in r.questions} for r in records if r.graded]
    rows = []
    for question in questions:
        row = {"name": question.name, "points": float(question.points),
               "manual": question.manual, "mean": None, "fraction": None, "pass_rate": None}
        taken = [g[question.name] for g in graded if question.name in g]
        if not question.manual and taken:
            row["mean"] = statistics.fmean(q.points for q in taken)
            row["fraction"] = row["mean"] / row["points"] if row["points"] else None
            row["pass_rate"] = sum(_full_points(q) for q in taken) / len(taken)
        rows.append(row)
    return rows


def _question_row(row: dict, records: list[SubmissionRecord]) -> dict:
    """A question_stats row as the table shows it."""
    return {"name": row["name"], "points": format_points(row["points"]), "manual": row["manual"],
            "mean": "—" if row["mean"] is None else format_points(row["mean"]),
            "fraction": _percent(row["fraction"]), "pass_rate": _percent(row["pass_rate"]),
            "manual_note": _manual_note(row["name"], records) if row["manual"] else ""}


def _manual_note(question: str, records: list[SubmissionRecord]) -> str:
    """How many of a manual question's grades are merged (merge-manual), and their mean."""
    merged = [r.manual_grades[question].points for r in records if question in r.manual_grades]
    if not merged:
        return MANUAL_NOTE
    mean = format_points(statistics.fmean(merged))
    return (f"人工评分：已合并 {len(merged)} / {len(records)} 份，平均 {mean} / "
            f"graded by hand: {len(merged)} of {len(records)} merged, mean {mean}")


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def frequent_failures(records: list[SubmissionRecord], limit: int = TOP_FAILURES) -> list[dict]:
    """Failed cases grouped by question and normalised English message, most frequent first."""
    groups: dict[tuple[str, str], dict] = {}
    for record in records:
        for question in record.questions:
            for case in question.cases:
                if case.passed:
                    continue
                key = (question.name, failure_key(case.message))
                group = groups.setdefault(key, {"question": key[0], "key": key[1], "count": 0,
                                                "example": case.message, "submissions": set()})
                group["count"] += 1
                group["submissions"].add(record.submission)
    ordered = sorted(groups.values(), key=lambda g: (-g["count"], g["question"], g["key"]))
    return [{**g, "submissions": len(g["submissions"])} for g in ordered[:limit]]


def _needing_attention(records: list[SubmissionRecord]) -> list[SubmissionRecord]:
    """Not graded (timeouts first), or flagged."""
    order = {"timeout": 0, "killed": 1, "error": 2, "graded": 3}
    return sorted((r for r in records if not r.graded or r.flags),
                  key=lambda r: (order.get(r.status, 4), r.submission))


def _submission_row(record: SubmissionRecord) -> dict:
    total = format_points(record.total) if record.graded else "—"
    return {"name": record.submission, "href": feedback_href(record.submission),
            "status": record.status, "status_label": _status_label(record.status),
            "reason": record.reason, "flags": record.flags,
            "total": f"{total} / {format_points(record.possible)}"}


# -- plots ---------------------------------------------------------------------------------------

def _figure(width: float, height: float):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def histogram_png(totals: list[float], possible: float) -> bytes:
    """Histogram of totals: one bar per possible score when scores are whole or half points,
    else 20 equal bins."""
    import numpy as np

    figure = _figure(8, 3.2)
    axes = figure.add_subplot()
    top = max([possible, *totals, 1.0])
    step = _score_step(totals, top)
    if step:
        bins = np.arange(-step / 2, top + step, step)  # bars centred on the scores
        axes.set_xlim(-step, top + step)
    else:
        bins = np.linspace(0, top, 21)
    axes.hist(totals, bins=bins, color="#4c72b0", edgecolor="white")
    mean, median = statistics.fmean(totals), statistics.median(totals)
    axes.axvline(mean, color="#dd8452", linewidth=2, label=f"mean {format_points(mean)}")
    axes.axvline(median, color="#55a868", linewidth=2, linestyle="--",
                 label=f"median {format_points(median)}")
    axes.set_xlabel(f"total (out of {format_points(possible)})")
    axes.set_ylabel("submissions")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _score_step(totals: list[float], top: float) -> float | None:
    """1 if all totals are whole points, 0.5 if half points (on a small scale), else None."""
    if all(abs(t - round(t)) < 1e-6 for t in totals) and top <= 40:
        return 1.0
    if all(abs(2 * t - round(2 * t)) < 1e-6 for t in totals) and top <= 20:
        return 0.5
    return None


def questions_png(rows: list[dict]) -> bytes:
    """Grouped bars per question: mean score fraction and pass rate, both in 0..1."""
    import numpy as np

    figure = _figure(8, 3.2)
    axes = figure.add_subplot()
    x = np.arange(len(rows))
    fractions = [r["fraction"] or 0.0 for r in rows]
    rates = [r["pass_rate"] or 0.0 for r in rows]
    bars = [axes.bar(x - 0.2, fractions, 0.4, color="#4c72b0", label="mean score fraction"),
            axes.bar(x + 0.2, rates, 0.4, color="#dd8452", label="pass rate (full points)")]
    for group in bars:
        axes.bar_label(group, labels=[f"{100 * v:.0f}%" for v in group.datavalues],
                       fontsize=8, padding=1)
    axes.set_xticks(x, [r["name"] for r in rows])
    axes.set_ylim(0, 1.15)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    axes.legend(frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, 1.12))
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
