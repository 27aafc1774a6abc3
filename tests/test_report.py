"""The reporting module on synthetic records: gradebook, feedback, class report, Gradescope shape,
and the class report rendered by a real headless browser."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from autograder import report
from autograder.grading import Question
from autograder.record import RecordError, SubmissionRecord

QUESTIONS = [Question("q1", 2.0, False), Question("q2", 3.0, False), Question("q8", 2.0, True)]
INJECTION = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")


def bound_message(observed: float) -> str:
    return (f"期望 w 服从 U(-0.1, 0.1)；观察到 max = {observed:.4g}。\n"
            f"expected w ~ U(-0.1, 0.1); observed max = {observed:.4g}. Looks like 1/sqrt(fan_in).")


def case(name, possible, passed, message=""):
    return {"name": name, "points": possible if passed else 0.0, "possible": possible,
            "passed": passed, "hidden": True, "message": "" if passed else message}


def question(name, possible, cases=(), manual=False):
    return {"name": name, "points": 0.0 if manual else sum(c["points"] for c in cases),
            "possible": possible, "manual": manual, "cases": list(cases)}


def record_json(name, status="graded", q1=(), q2=(), reason="", flags=(), cell_errors=(),
                seconds=1.0) -> dict:
    """A record as this kit's first version saved it (plain JSON, total and possible included)."""
    questions = [question("q1", 2.0, q1), question("q2", 3.0, q2), question("q8", 2.0, manual=True)]
    return {"submission": name, "file": f"{name}.ipynb", "key": "k", "status": status,
            "reason": reason, "total": sum(q["points"] for q in questions if not q["manual"]),
            "possible": 5.0, "seconds": seconds, "flags": list(flags),
            "cell_errors": list(cell_errors), "questions": questions, "peak_memory_mb": 100.0}


def record(*args, **kwargs) -> SubmissionRecord:
    return SubmissionRecord.from_json(record_json(*args, **kwargs))


def not_graded(name, status, reason):
    rec = record_json(name, status, reason=reason)
    for q in rec["questions"]:
        q["points"] = 0.0
    rec["total"] = 0.0
    return SubmissionRecord.from_json(rec)


@pytest.fixture
def records():
    return [
        record("张三 hw",
               q1=[case("q1 - 1", 1.0, True), case("q1 - 2", 1.0, False, bound_message(0.1961))],
               q2=[case("q2 - 1", 1.5, False, f"错误 {INJECTION}\nTypeError: {INJECTION} & more"),
                   case("q2 - 2", 1.5, True)],
               cell_errors=[{"cell": 3, "type": "NameError",
                             "message": f"name {INJECTION} undefined"}],
               seconds=2.345),
        record("Li Si",
               q1=[case("q1 - 1", 1.0, True), case("q1 - 2", 1.0, False, bound_message(0.2011))],
               q2=[case("q2 - 1", 1.5, True), case("q2 - 2", 1.5, True)]),
        record("王五 / a:b", q1=[case("q1 - 1", 1.0, True), case("q1 - 2", 1.0, True)],
               q2=[case("q2 - 1", 1.5, True), case("q2 - 2", 1.5, True)],
               flags=["forbidden-call: torch.nn.init (q1)", "copied-output (q2)"]),
        not_graded("slow one", "timeout", "超过时间限制\ntime limit of 60 s reached while running"),
        not_graded("broken", "error", "无法读取\nthe notebook is not valid JSON"),
        not_graded("crashy", "killed", "进程结束\nthe notebook's process ended (SIGKILL)"),
    ]


# -- helpers ---------------------------------------------------------------------------------------

def test_format_points_and_failure_key():
    assert [report.format_points(v) for v in (2.0, 1.5, 0.0, 1 / 3, -0.0, 12.25)] == \
        ["2", "1.5", "0", "0.33", "0", "12.25"]
    assert report.failure_key(bound_message(0.1961)) == report.failure_key(bound_message(0.2011))
    assert report.failure_key("中文\nfc1 got 3e-05") == "fc1 got #"
    assert report.english_part("only one line") == "only one line"


def test_safe_filename_keeps_spaces_and_chinese():
    assert report.safe_filename("张三 hw") == "张三 hw"
    assert report.safe_filename("王五 / a:b") == "王五 _ a_b"
    assert report.safe_filename("..") == "_" and report.safe_filename("") == "_"
    assert report.feedback_href("张三 hw") == "feedback/" + quote("张三 hw.html")


# -- gradebook -------------------------------------------------------------------------------------

def read_gradebook(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Chinese names"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_gradebook_columns_and_values(records, tmp_path):
    path = tmp_path / "gradebook.csv"
    report.write_gradebook(records, QUESTIONS, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["submission", "status", "q1", "q2", "q8", "total", "possible", "reason",
                      "flags", "cell_errors", "seconds", "file"]
    rows = read_gradebook(path)
    assert [r["submission"] for r in rows] == sorted(r.submission for r in records)
    by_name = {r["submission"]: r for r in rows}
    zhang = by_name["张三 hw"]
    assert (zhang["q1"], zhang["q2"], zhang["q8"]) == ("1", "1.5", "manual")
    assert (zhang["total"], zhang["possible"], zhang["cell_errors"]) == ("2.5", "5", "1")
    assert zhang["seconds"] == "2.35" and zhang["file"] == "张三 hw.ipynb"
    assert by_name["王五 / a:b"]["flags"] == "forbidden-call: torch.nn.init (q1); copied-output (q2)"
    slow = by_name["slow one"]
    assert (slow["status"], slow["q1"], slow["q2"], slow["q8"]) == ("timeout", "", "", "manual")
    assert slow["reason"] == "超过时间限制 / time limit of 60 s reached while running"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file must be gone"


def test_gradebook_defuses_spreadsheet_formulas(tmp_path):
    path = tmp_path / "g.csv"
    report.write_gradebook([record("=HYPERLINK(1)")], QUESTIONS, path)
    assert read_gradebook(path)[0]["submission"] == "'=HYPERLINK(1)"


def test_gradebook_of_no_records_is_just_the_header(tmp_path):
    path = tmp_path / "g.csv"
    report.write_gradebook([], QUESTIONS, path)
    assert read_gradebook(path) == []


# -- feedback --------------------------------------------------------------------------------------

def test_feedback_files_exist_and_escape(records, tmp_path):
    html_path, md_path = report.write_feedback(records[0], tmp_path / "feedback")
    assert html_path == tmp_path / "feedback" / "张三 hw.html" and md_path.suffix == ".md"
    page = html_path.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    assert INJECTION not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "张三 hw: 2.5 / 5" in page
    assert "q1 - 1" in page and "通过 / passed" in page          # passed case listed briefly
    assert "observed max = 0.1961" in page                       # failed case with its message
    assert "需要人工评分 / graded by hand" in page
    assert "NameError" in page and "Cell errors" in page
    assert not re.search(r"https?://|<script|src=", page)
    markdown = md_path.read_text(encoding="utf-8")
    assert markdown.startswith("# 张三 hw: 2.5 / 5\n")
    assert "observed max = 0.1961" in markdown and "需要人工评分 / graded by hand" in markdown
    # A student's message can't escape its code block and become live HTML outside it.
    outside = re.sub(r"```text\n.*?\n\s*```", "", markdown, flags=re.S)
    assert INJECTION not in outside


def test_feedback_of_unsafe_name_and_not_graded(records, tmp_path):
    html_path, _ = report.write_feedback(records[2], tmp_path)
    assert html_path.name == "王五 _ a_b.html" and html_path.parent == tmp_path
    html_path, md_path = report.write_feedback(records[3], tmp_path)
    page = html_path.read_text(encoding="utf-8")
    assert "timeout" in page and "time limit of 60 s" in page
    assert "time limit of 60 s" in md_path.read_text(encoding="utf-8")


def hostile_record() -> SubmissionRecord:
    """Student-controlled text everywhere a record carries text."""
    return record(f"{INJECTION} & co", status="error", reason=f"reason {INJECTION}",
                  flags=[f"patched: {INJECTION}"],
                  q1=[case(f"q1 {INJECTION}", 1.0, False, f"msg {INJECTION}")],
                  cell_errors=[{"cell": 0, "type": INJECTION, "message": INJECTION}])


def test_html_escapes_every_student_text(tmp_path):
    html_path, md_path = report.write_feedback(hostile_record(), tmp_path)
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page
    for text in (f"&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", "reason &lt;script&gt;",
                 "q1 &lt;script&gt;", "msg &lt;script&gt;", "<td>&lt;script&gt;"):
        assert text in page
    markdown = md_path.read_text(encoding="utf-8")
    assert markdown.startswith("# &lt;script&gt;alert(1)&lt;/script&gt; &amp; co: ")
    outside = re.sub(r"```text\n.*?\n\s*```", "", markdown, flags=re.S)
    assert "<script" not in outside and "q1 &lt;script&gt;" in outside


# -- Gradescope ------------------------------------------------------------------------------------

def test_gradescope_results_shape(records):
    results = report.gradescope_results(records[0])
    assert results["score"] == 2.5 and results["execution_time"] == 2.345
    assert results["output"].startswith("状态 / status: graded")
    tests = {t["name"]: t for t in results["tests"]}
    assert list(tests) == ["q1", "q2", "q8"]
    assert (tests["q1"]["score"], tests["q1"]["max_score"]) == (1.0, 2.0)
    assert "observed max = 0.1961" in tests["q1"]["output"]
    assert tests["q8"]["output"] == "需要人工评分 / graded by hand"
    assert all(t["visibility"] == "visible" for t in results["tests"])
    assert results["extra_data"]["kit"] == records[0].to_json()
    json.dumps(results)  # plain JSON
    passed = {t["name"]: t for t in report.gradescope_results(records[2])["tests"]}
    assert passed["q1"]["output"] == report.PASSED_NOTE
    timeout = report.gradescope_results(records[3])
    assert "time limit" in timeout["output"] and timeout["score"] == 0.0


# -- the record ----------------------------------------------------------------------------------

def test_record_round_trips_through_json(records):
    for rec in records:
        saved = json.loads(json.dumps(rec.to_json()))
        assert SubmissionRecord.from_json(saved) == rec
        assert (saved["total"], saved["possible"]) == (rec.total, rec.possible)
    assert records[0].total == 2.5
    assert records[0].questions[0].cases[1].message.startswith("期望")
    assert records[0].cell_errors[0].cell == 3


def test_record_saved_without_newer_fields_loads_and_unknown_keys_are_ignored():
    old = record_json("old")
    for key in ("peak_memory_mb", "flags", "cell_errors", "seconds", "reason"):
        del old[key]
    old["from_a_newer_kit"] = 1
    loaded = SubmissionRecord.from_json(old)
    assert (loaded.submission, loaded.peak_memory_mb, loaded.flags, loaded.reason) == \
        ("old", None, [], "")


@pytest.mark.parametrize("damage", ["no questions", "questions not a list", "case without name",
                                    "bad points", "bad status", "not an object"])
def test_record_that_cannot_be_read_raises_record_error(damage):
    data = record_json("x", q1=[case("q1 - 1", 1.0, True)])
    if damage == "no questions":
        del data["questions"]
    elif damage == "questions not a list":
        data["questions"] = "q1"
    elif damage == "case without name":
        del data["questions"][0]["cases"][0]["name"]
    elif damage == "bad points":
        data["questions"][0]["points"] = "lots"
    elif damage == "bad status":
        data["status"] = "maybe"
    else:
        data = ["x"]
    with pytest.raises(RecordError):
        SubmissionRecord.from_json(data)


def test_cell_errors_of_any_shape_are_kept_as_text():
    from autograder.record import CellError

    assert CellError.from_json({"cell": "3", "type": ["x"], "message": 1}) == \
        CellError(None, "['x']", "1")
    assert CellError.from_json("boom") == CellError(None, "", "boom")


def test_unreadable_saved_record_means_grade_again(tmp_path):
    from autograder import batch

    job = batch.Job("alice", str(tmp_path / "alice.ipynb"), "key-1")
    assert batch.saved_record(tmp_path, job) is None  # nothing saved
    batch.save(tmp_path, record("alice"))
    path = batch.results_path(tmp_path, "alice")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["extra_data"]["kit"]["submission"] == "alice"
    assert batch.saved_record(tmp_path, batch.Job("alice", job.path, "k")) == record("alice")
    assert batch.saved_record(tmp_path, job) is None  # another key: content or grader changed
    saved["extra_data"]["kit"]["key"] = "key-1"
    del saved["extra_data"]["kit"]["questions"][0]["possible"]
    path.write_text(json.dumps(saved), encoding="utf-8")
    assert batch.saved_record(tmp_path, job) is None
    path.write_text("{ half a file", encoding="utf-8")
    assert batch.saved_record(tmp_path, job) is None


def test_templates_are_package_data():
    from importlib.resources import files

    for name in ("page.html.j2", "report.html.j2", "feedback.html.j2", "feedback.md.j2"):
        assert (files("autograder") / "templates" / name).is_file()


# -- class report ----------------------------------------------------------------------------------

def write(records, tmp_path, title="param-init 报告 / report") -> str:
    path = tmp_path / "report.html"
    report.write_report(records, QUESTIONS, path, title)
    return path.read_text(encoding="utf-8")


def assert_self_contained(page: str):
    assert not re.search(r"https?://", page), "no external resources"
    assert "<script" not in page.lower()
    for src in re.findall(r'src="([^"]*)"', page):
        assert src.startswith("data:image/png;base64,")


def test_report_sections_and_data(records, tmp_path):
    page = write(records, tmp_path)
    assert_self_contained(page)
    for section in ("headline", "histogram", "questions", "failures", "attention", "submissions"):
        assert f'id="{section}"' in page
    assert page.count("data:image/png;base64,") == 2  # histogram + per-question chart
    assert "Most frequent failure messages" in page and "最常见的失败信息" in page
    assert INJECTION not in page and "&lt;script&gt;" in page
    # The two bound messages differ only in numbers: one group of two.
    groups = report.frequent_failures(records)
    bound = [g for g in groups if g["key"].startswith("expected w")]
    assert len(bound) == 1 and bound[0]["count"] == 2 and bound[0]["question"] == "q1"
    numbers = report.summary(records)
    assert (numbers["submissions"], numbers["graded"], numbers["error"], numbers["timeout"],
            numbers["killed"], numbers["flagged"]) == (6, 3, 1, 1, 1, 1)
    assert numbers["mean"] == pytest.approx((2.5 + 4 + 5) / 3) and numbers["median"] == 4
    stats = {r["name"]: r for r in report.question_stats(records, QUESTIONS)}
    assert stats["q1"]["pass_rate"] == pytest.approx(1 / 3)
    assert stats["q2"]["fraction"] == pytest.approx((1.5 + 3 + 3) / 9)
    assert stats["q8"]["manual"] and stats["q8"]["pass_rate"] is None
    attention = page.split('id="attention"')[1].split("</section>")[0]
    for name in ("slow one", "broken", "crashy", "王五 / a:b"):
        assert name in attention
    assert "Li Si" not in attention
    assert 'href="feedback/' + quote("张三 hw.html") + '"' in page
    assert 'href="feedback/' + quote("王五 _ a_b.html") + '"' in page


@pytest.mark.parametrize("case", ["zero", "all-errors", "one"])
def test_report_edge_cases(records, tmp_path, case):
    chosen = {"zero": [], "all-errors": records[3:], "one": records[:1]}[case]
    page = write(chosen, tmp_path)
    assert_self_contained(page)
    assert 'id="headline"' in page and 'id="submissions"' in page
    assert page.count("data:image/png;base64,") == (2 if case == "one" else 0)


# -- a real browser --------------------------------------------------------------------------------

# Writes every image's decoded width into the DOM, so --dump-dom shows whether the images decoded.
IMAGE_PROBE = ('<script>window.addEventListener("load", () => document.body.setAttribute('
               '"data-image-widths", Array.from(document.images, i => i.naturalWidth).join(",")))'
               "</script></body>")


def chromium(args: list[str], url: str, profile: Path) -> subprocess.CompletedProcess:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def console_problems(log: str) -> list[str]:
    # The report has no scripts, so any console line at all is a problem (Chromium logs console
    # errors as INFO:CONSOLE, uncaught exceptions as "Uncaught ...").
    return [line for line in log.splitlines()
            if "CONSOLE" in line or "Uncaught" in line]


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI, which must install it "
                        "(Debian package chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI runs this test")
    return chromium


def test_report_renders_in_headless_chromium(records, tmp_path, browser):
    page = write(records, tmp_path)
    path = tmp_path / "report.html"

    dom = browser(["--dump-dom"], path.as_uri(), tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_problems(dom.stderr) == []
    for expected in ('id="headline"', "提交 / Submissions", "Distribution of totals",
                     "Most frequent failure messages", "All submissions", "张三 hw"):
        assert expected in dom.stdout

    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", IMAGE_PROBE), encoding="utf-8")
    probed = browser(["--dump-dom"], probe.as_uri(), tmp_path / "profile")
    widths = re.search(r'data-image-widths="([^"]*)"', probed.stdout)
    assert widths, probed.stdout[-2000:]
    assert [int(w) > 100 for w in widths.group(1).split(",")] == [True, True]

    shot = tmp_path / "report.png"
    taken = browser([f"--screenshot={shot}", "--window-size=1280,2000"], path.as_uri(),
                    tmp_path / "profile")
    assert taken.returncode == 0 and console_problems(taken.stderr) == []
    assert_plots_visible(shot)


def assert_plots_visible(shot: Path):
    """A non-trivial PNG that shows the plots' bar colour (#4c72b0)."""
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image
    import numpy as np

    pixels = (matplotlib.image.imread(shot)[..., :3] * 255).round()
    assert pixels.shape[:2] == (2000, 1280)
    bar = np.abs(pixels - np.array([0x4C, 0x72, 0xB0])).max(axis=-1) <= 3
    assert bar.sum() > 5_000, "the plots' bars are not on the screenshot"
