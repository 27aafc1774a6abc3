"""Reports built from per-submission records (KIT_RECORD, see the record spec): a gradebook CSV,
per-student feedback pages, one class report for the TAs, and Gradescope's results shape.

Everything here is a pure function of records: no grading happens in this module. Record text
(failure messages, cell errors, submission names) is student-influenced and always escaped.
"""

from __future__ import annotations

import base64
import copy
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

MANUAL_NOTE = "需要人工评分 / graded by hand"
PASSED_NOTE = "全部通过 / all tests passed"
NOT_GRADED_STATUSES = ("error", "timeout", "killed")
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


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _is_graded(record: dict) -> bool:
    return record.get("status") == "graded"


def _question_map(record: dict) -> dict[str, dict]:
    return {q.get("name"): q for q in record.get("questions") or []}


def _failed_cases(question: dict) -> list[dict]:
    return [c for c in question.get("cases") or [] if not c.get("passed")]


def _full_points(question: dict) -> bool:
    return float(question.get("points") or 0) >= float(question.get("possible") or 0) - 1e-9


# -- gradebook -----------------------------------------------------------------------------------

def write_gradebook(records: list[dict], questions: list[dict], path: Path) -> None:
    """One CSV row per submission (UTF-8 with BOM for Excel), sorted by submission name."""
    names = [q["name"] for q in questions]
    header = ["submission", "status", *names, "total", "possible", "reason", "flags",
              "cell_errors", "seconds", "file"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for record in sorted(records, key=lambda r: str(r.get("submission", ""))):
        writer.writerow(_gradebook_row(record, questions))
    _write_atomic(path, buffer.getvalue(), encoding="utf-8-sig")


def _gradebook_row(record: dict, questions: list[dict]) -> list[str]:
    earned = _question_map(record)
    cells = []
    for question in questions:
        if question.get("manual"):
            cells.append("manual")
        elif _is_graded(record) and question["name"] in earned:
            cells.append(format_points(earned[question["name"]].get("points")))
        else:
            cells.append("")
    return [_sheet_text(record.get("submission", "")), record.get("status", ""), *cells,
            format_points(record.get("total")), format_points(record.get("possible")),
            _sheet_text(_one_line(record.get("reason", ""))),
            _sheet_text("; ".join(record.get("flags") or [])),
            str(len(record.get("cell_errors") or [])),
            format_points(record.get("seconds")), _sheet_text(record.get("file", ""))]


def _sheet_text(text: str) -> str:
    """Keep spreadsheet programs from running student-chosen text as a formula."""
    return "'" + text if str(text).startswith(_FORMULA_START) else str(text)


# -- feedback for one submission -----------------------------------------------------------------

def write_feedback(record: dict, folder: Path) -> tuple[Path, Path]:
    """Write <folder>/<submission>.html and .md; return their paths."""
    stem = safe_filename(str(record.get("submission", "")))
    html_path, md_path = Path(folder) / f"{stem}.html", Path(folder) / f"{stem}.md"
    _write_atomic(html_path, feedback_html(record))
    _write_atomic(md_path, feedback_markdown(record))
    return html_path, md_path


def _title(record: dict) -> str:
    return (f"{record.get('submission', '')}: {format_points(record.get('total'))} / "
            f"{format_points(record.get('possible'))}")


def _question_score(question: dict) -> str:
    if question.get("manual"):
        return MANUAL_NOTE
    return f"{format_points(question.get('points'))} / {format_points(question.get('possible'))}"


def feedback_html(record: dict) -> str:
    parts = [f"<h1>{_esc(_title(record))}</h1>", _status_html(record)]
    for question in record.get("questions") or []:
        parts.append(_question_html(question, _is_graded(record)))
    parts.append(_cell_errors_html(record.get("cell_errors") or []))
    return _page(_title(record), "\n".join(parts))


def _status_html(record: dict) -> str:
    status = record.get("status", "")
    text = f"<p class=\"status\">状态 / status: <b>{_esc(STATUS_LABELS.get(status, status))}</b></p>"
    if not _is_graded(record) and record.get("reason"):
        text += f"\n<pre class=\"reason\">{_esc(record['reason'])}</pre>"
    return text


def _question_html(question: dict, graded: bool) -> str:
    head = f"<h2>{_esc(question.get('name', ''))} — {_esc(_question_score(question))}</h2>"
    items = []
    for case in question.get("cases") or []:
        label = _esc(f"{case.get('name', '')} ({format_points(case.get('points'))} / "
                     f"{format_points(case.get('possible'))})")
        if case.get("passed"):
            items.append(f"<li class=\"pass\">✓ {label} 通过 / passed</li>")
        else:
            message = _esc(case.get("message", ""))
            items.append(f"<li class=\"fail\">✗ {label}<pre>{message}</pre></li>")
    if not items and graded and not question.get("manual"):
        items.append("<li class=\"muted\">没有测试 / no tests</li>")
    body = f"<ul class=\"cases\">{''.join(items)}</ul>" if items else ""
    return f"<section class=\"question\">{head}{body}</section>"


def _cell_errors_html(errors: list[dict]) -> str:
    if not errors:
        return ""
    rows = "".join(f"<tr><td>{_esc(e.get('cell', ''))}</td><td>{_esc(e.get('type', ''))}</td>"
                   f"<td><pre>{_esc(e.get('message', ''))}</pre></td></tr>" for e in errors)
    return ("<section><h2>单元格错误 / Cell errors</h2><table><thead><tr><th>单元格 / cell</th>"
            f"<th>类型 / type</th><th>信息 / message</th></tr></thead><tbody>{rows}</tbody></table>"
            "</section>")


def feedback_markdown(record: dict) -> str:
    lines = [f"# {_md(_title(record))}", "",
             f"状态 / status: **{_md(STATUS_LABELS.get(record.get('status', ''), ''))}**", ""]
    if not _is_graded(record) and record.get("reason"):
        lines += [_md_block(record["reason"]), ""]
    for question in record.get("questions") or []:
        lines += [f"## {_md(question.get('name', ''))} — {_md(_question_score(question))}", ""]
        for case in question.get("cases") or []:
            label = _md(f"{case.get('name', '')} ({format_points(case.get('points'))} / "
                        f"{format_points(case.get('possible'))})")
            if case.get("passed"):
                lines.append(f"- ✓ {label} 通过 / passed")
            else:
                lines += [f"- ✗ {label}", "", _md_block(case.get("message", ""), indent="  "), ""]
        lines.append("")
    lines += _cell_errors_markdown(record.get("cell_errors") or [])
    return "\n".join(lines).rstrip() + "\n"


def _cell_errors_markdown(errors: list[dict]) -> list[str]:
    if not errors:
        return []
    lines = ["## 单元格错误 / Cell errors", ""]
    for error in errors:
        lines += [f"- 单元格 / cell {_md(error.get('cell', ''))}: {_md(error.get('type', ''))}", "",
                  _md_block(error.get("message", ""), indent="  "), ""]
    return lines


def _md(text) -> str:
    """Inline Markdown text: no markup, no raw HTML."""
    text = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text).replace("\n", " ")


def _md_block(text: str, indent: str = "") -> str:
    """A fenced block (longer than any backtick run inside) so nothing in it is interpreted."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [fence + "text", *str(text).splitlines(), fence]
    return "\n".join(indent + line for line in body)


# -- Gradescope ----------------------------------------------------------------------------------

def gradescope_results(record: dict) -> dict:
    """Gradescope's results.json shape, with the whole record under extra_data.kit."""
    status = record.get("status", "")
    output = f"状态 / status: {status}"
    if record.get("reason"):
        output += "\n" + record["reason"]
    return {
        "score": float(record.get("total") or 0),
        "execution_time": float(record.get("seconds") or 0),
        "output": output,
        "tests": [_gradescope_test(q, status) for q in record.get("questions") or []],
        "extra_data": {"kit": copy.deepcopy(record)},
    }


def _gradescope_test(question: dict, status: str) -> dict:
    if question.get("manual"):
        output = MANUAL_NOTE
    elif status != "graded":
        output = f"未评分 / not graded ({status})"
    else:
        output = "\n\n".join(c.get("message", "") for c in _failed_cases(question)) or PASSED_NOTE
    return {"name": question.get("name", ""), "score": float(question.get("points") or 0),
            "max_score": float(question.get("possible") or 0), "visibility": "visible",
            "output": output}


# -- class report --------------------------------------------------------------------------------

def write_report(records: list[dict], questions: list[dict], path: Path, title: str) -> None:
    """One self-contained HTML page for the TAs: numbers, plots, frequent failures, tables."""
    records = sorted(records, key=lambda r: str(r.get("submission", "")))
    body = "\n".join([
        f"<h1>{_esc(title)}</h1>",
        _headline_html(records, questions),
        _histogram_section(records, questions),
        _questions_section(records, questions),
        _failures_section(records),
        _attention_section(records),
        _submissions_section(records),
    ])
    _write_atomic(path, _page(title, body))


def _possible_total(records: list[dict], questions: list[dict]) -> float:
    auto = [float(q.get("points") or 0) for q in questions if not q.get("manual")]
    if auto:
        return sum(auto)
    return max((float(r.get("possible") or 0) for r in records), default=0.0)


def summary(records: list[dict]) -> dict:
    """Headline numbers: counts by status, flagged count, mean and median total of graded ones."""
    totals = [float(r.get("total") or 0) for r in records if _is_graded(r)]
    counts = Counter(r.get("status") for r in records)
    return {
        "submissions": len(records), "graded": counts["graded"], "error": counts["error"],
        "timeout": counts["timeout"], "killed": counts["killed"],
        "flagged": sum(1 for r in records if r.get("flags")),
        "mean": statistics.fmean(totals) if totals else None,
        "median": statistics.median(totals) if totals else None,
    }


def _headline_html(records: list[dict], questions: list[dict]) -> str:
    numbers = summary(records)
    possible = format_points(_possible_total(records, questions))
    cards = [
        ("提交 / Submissions", numbers["submissions"], ""),
        ("已评分 / Graded", numbers["graded"], "ok"),
        ("错误 / Errors", numbers["error"], "bad" if numbers["error"] else ""),
        ("超时 / Timeouts", numbers["timeout"], "bad" if numbers["timeout"] else ""),
        ("崩溃 / Killed", numbers["killed"], "bad" if numbers["killed"] else ""),
        ("待复查 / Flagged", numbers["flagged"], "warn" if numbers["flagged"] else ""),
        ("平均分 / Mean total", _of(numbers["mean"], possible), ""),
        ("中位数 / Median total", _of(numbers["median"], possible), ""),
    ]
    items = "".join(f"<div class=\"card {kind}\"><div class=\"value\">{_esc(value)}</div>"
                    f"<div class=\"label\">{_esc(label)}</div></div>"
                    for label, value, kind in cards)
    return f"<section id=\"headline\" class=\"cards\">{items}</section>"


def _of(value, possible: str) -> str:
    return "—" if value is None else f"{format_points(value)} / {possible}"


def _histogram_section(records: list[dict], questions: list[dict]) -> str:
    totals = [float(r.get("total") or 0) for r in records if _is_graded(r)]
    content = (_img(histogram_png(totals, _possible_total(records, questions)),
                    "Histogram of totals") if totals else _empty_note())
    return f"<section id=\"histogram\"><h2>总分分布 / Distribution of totals</h2>{content}</section>"


def question_stats(records: list[dict], questions: list[dict]) -> list[dict]:
    """Per question: mean score fraction and pass rate (full points) over graded submissions."""
    graded = [_question_map(r) for r in records if _is_graded(r)]
    rows = []
    for question in questions:
        row = {"name": question["name"], "points": float(question.get("points") or 0),
               "manual": bool(question.get("manual")), "mean": None, "fraction": None,
               "pass_rate": None}
        taken = [g[question["name"]] for g in graded if question["name"] in g]
        if not row["manual"] and taken:
            points = [float(q.get("points") or 0) for q in taken]
            row["mean"] = statistics.fmean(points)
            row["fraction"] = row["mean"] / row["points"] if row["points"] else None
            row["pass_rate"] = sum(_full_points(q) for q in taken) / len(taken)
        rows.append(row)
    return rows


def _questions_section(records: list[dict], questions: list[dict]) -> str:
    rows = question_stats(records, questions)
    plotted = [r for r in rows if not r["manual"] and r["pass_rate"] is not None]
    chart = _img(questions_png(plotted), "Per-question mean score and pass rate") if plotted \
        else _empty_note()
    table_rows = "".join(_question_row(r) for r in rows)
    table = ("<table><thead><tr><th>题目 / Question</th><th>分值 / Points</th>"
             "<th>平均得分 / Mean points</th><th>平均得分率 / Mean fraction</th>"
             f"<th>满分率 / Pass rate</th></tr></thead><tbody>{table_rows}</tbody></table>")
    return (f"<section id=\"questions\"><h2>各题得分 / Per-question results</h2>{chart}{table}"
            "<p class=\"muted\">满分率：获得该题全部分数的已评分提交所占比例。 / Pass rate: the "
            "fraction of graded submissions with full points on the question.</p></section>")


def _question_row(row: dict) -> str:
    if row["manual"]:
        cells = f"<td colspan=\"3\" class=\"muted\">{_esc(MANUAL_NOTE)}</td>"
    else:
        cells = (f"<td>{_esc(format_points(row['mean']) if row['mean'] is not None else '—')}</td>"
                 f"<td>{_percent(row['fraction'])}</td><td>{_percent(row['pass_rate'])}</td>")
    return (f"<tr><td>{_esc(row['name'])}</td><td>{_esc(format_points(row['points']))}</td>"
            f"{cells}</tr>")


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def frequent_failures(records: list[dict], limit: int = TOP_FAILURES) -> list[dict]:
    """Failed cases grouped by question and normalised English message, most frequent first."""
    groups: dict[tuple[str, str], dict] = {}
    for record in records:
        for question in record.get("questions") or []:
            for case in _failed_cases(question):
                message = str(case.get("message", ""))
                key = (str(question.get("name", "")), failure_key(message))
                group = groups.setdefault(key, {"question": key[0], "key": key[1], "count": 0,
                                                "example": message, "submissions": set()})
                group["count"] += 1
                group["submissions"].add(record.get("submission", ""))
    ordered = sorted(groups.values(), key=lambda g: (-g["count"], g["question"], g["key"]))
    return [{**g, "submissions": len(g["submissions"])} for g in ordered[:limit]]


def _failures_section(records: list[dict]) -> str:
    groups = frequent_failures(records)
    rows = "".join(f"<tr><td>{_esc(g['question'])}</td><td class=\"num\">{g['count']}</td>"
                   f"<td class=\"num\">{g['submissions']}</td><td><pre>{_esc(g['example'])}</pre>"
                   "</td></tr>" for g in groups)
    table = ("<table><thead><tr><th>题目 / Question</th><th>次数 / Count</th>"
             "<th>提交数 / Submissions</th><th>示例信息 / Example message</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if groups else _empty_note()
    return ("<section id=\"failures\"><h2>最常见的失败信息 / Most frequent failure messages</h2>"
            "<p class=\"muted\">按英文信息分组，数字不计。 / Grouped by the English message, "
            f"numbers ignored.</p>{table}</section>")


def _needs_attention(record: dict) -> bool:
    return not _is_graded(record) or bool(record.get("flags"))


def _attention_section(records: list[dict]) -> str:
    order = {"timeout": 0, "killed": 1, "error": 2, "graded": 3}
    chosen = sorted((r for r in records if _needs_attention(r)),
                    key=lambda r: (order.get(r.get("status"), 4), str(r.get("submission", ""))))
    rows = "".join(_attention_row(r) for r in chosen)
    table = ("<table><thead><tr><th>提交 / Submission</th><th>状态 / Status</th>"
             f"<th>原因或标记 / Reason or flags</th></tr></thead><tbody>{rows}</tbody></table>"
             ) if chosen else _empty_note()
    return ("<section id=\"attention\"><h2>需要关注的提交 / Submissions that need a look</h2>"
            f"{table}</section>")


def _attention_row(record: dict) -> str:
    notes = []
    if record.get("reason"):
        notes.append(f"<pre>{_esc(record['reason'])}</pre>")
    notes += [f"<div class=\"flag\">⚑ {_esc(flag)}</div>" for flag in record.get("flags") or []]
    return (f"<tr><td>{_link(record)}</td><td>{_status_badge(record)}</td>"
            f"<td>{''.join(notes)}</td></tr>")


def _submissions_section(records: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{_esc(r.get('submission', ''))}</td><td>{_status_badge(r)}</td>"
        f"<td class=\"num\">{_esc(_total_text(r))}</td><td>{_link(r, '反馈 / feedback')}</td></tr>"
        for r in records)
    table = ("<table><thead><tr><th>提交 / Submission</th><th>状态 / Status</th>"
             "<th>总分 / Total</th><th>反馈 / Feedback</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if records else _empty_note()
    return f"<section id=\"submissions\"><h2>全部提交 / All submissions</h2>{table}</section>"


def _total_text(record: dict) -> str:
    total = format_points(record.get("total")) if _is_graded(record) else "—"
    return f"{total} / {format_points(record.get('possible'))}"


def _link(record: dict, text: str | None = None) -> str:
    name = str(record.get("submission", ""))
    return f"<a href=\"{_esc(feedback_href(name))}\">{_esc(text or name)}</a>"


def _status_badge(record: dict) -> str:
    status = str(record.get("status", ""))
    return f"<span class=\"badge {_esc(status)}\">{_esc(STATUS_LABELS.get(status, status))}</span>"


def _empty_note() -> str:
    return "<p class=\"muted\">无 / none</p>"


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


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f"<img class=\"plot\" alt=\"{_esc(alt)}\" src=\"data:image/png;base64,{data}\">"


# -- page shell ----------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC",
       "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem;
       color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 1rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de;
     padding-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { text-align: right; white-space: nowrap; }
pre { white-space: pre-wrap; word-break: break-word; margin: .2rem 0; font-size: .85rem;
      font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC",
                   monospace; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: .6rem 1rem; min-width: 8.5rem;
        background: #f6f8fa; }
.card .value { font-size: 1.6rem; font-weight: 600; }
.card .label { font-size: .85rem; color: #57606a; }
.card.ok { border-color: #2da44e; } .card.bad { border-color: #cf222e; background: #fff5f5; }
.card.warn { border-color: #bf8700; background: #fff8e5; }
.plot { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
.muted { color: #57606a; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .82rem;
         border: 1px solid #d0d7de; white-space: nowrap; }
.badge.graded { background: #dafbe1; border-color: #2da44e; }
.badge.error, .badge.killed, .badge.timeout { background: #ffebe9; border-color: #cf222e; }
.flag { color: #9a6700; }
.status { font-size: 1.05rem; }
pre.reason { background: #ffebe9; border: 1px solid #cf222e; padding: .5rem; border-radius: 6px; }
ul.cases { list-style: none; padding-left: 0; }
ul.cases li { margin: .3rem 0; padding: .3rem .5rem; border-radius: 6px; }
li.pass { color: #1a7f37; }
li.fail { background: #fff5f5; border: 1px solid #ffcecb; }
"""


def _page(title: str, body: str) -> str:
    """A self-contained page: inline CSS, no scripts, no external resources (not even a favicon)."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<link rel=\"icon\" href=\"data:,\">\n"
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")
