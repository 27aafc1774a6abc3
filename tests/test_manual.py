"""Written answers graded by hand: `manual` pages and CSVs, `merge-manual`, regrades keeping the
points, and the page in a real (headless) browser.

One small class of param-init is graded once for the module (four submissions, one worker, no
self-test); each test works on its own copy of the output folder.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import batch, cli, manual, release
from autograder.record import ManualGrade, SubmissionRecord
from autograder.sandbox import Limits

ASSIGNMENT = "param-init"
# Runs only if the page lets student HTML through: it adds an element the tests look for.
PWN = "document.body.appendChild(document.createElement('pwn' + 'ed'))"
HOSTILE = (f"My answer <script>{PWN}</script>\n\n<img src=x onerror=\"{PWN}\">\n\n"
           "[click me](javascript:alert(1)) ![tracker](https://example.com/t.png)\n\n"
           "**bold** and a formula $\\mathrm{Var}(W) = 2/n$")
ALICE = "Tanh saturates: the std stays near **0.97** but 87% of the units are at ±1."


def _png(width: int, height: int) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / 100, height / 100), dpi=100)
    figure.add_subplot().plot([0, 1, 2], [0, 1, 4])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _student_notebook(answer: str | None, outputs: list[dict]) -> nbformat.NotebookNode:
    """The solution as a student would hand it in: the model answer removed, ``answer`` in the
    answer cell (None: the placeholder left), ``outputs`` on the code cell before q8."""
    notebook = nbformat.read(release.DIST / ASSIGNMENT / "solution.ipynb", as_version=4)
    notebook.cells = [c for c in notebook.cells
                      if "otter_assign_solution_cell" not in c.metadata.get("tags", [])]
    begin = next(i for i, c in enumerate(notebook.cells) if "BEGIN QUESTION" in c.source)
    plot_cell = next(c for c in reversed(notebook.cells[:begin]) if c.cell_type == "code")
    plot_cell.outputs = [nbformat.from_dict(o) for o in outputs]
    if answer is not None:
        cell = next(c for c in notebook.cells[begin:]
                    if manual.ANSWER_TAG in c.metadata.get("tags", []))
        cell.source = answer
    return notebook


def _image_output(mime: str, data: str) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {mime: data, "text/plain": "<Figure>"}}


@pytest.fixture(scope="module")
def assignment():
    return cli._ensure_release(ASSIGNMENT)


@pytest.fixture(scope="module")
def graded(assignment, tmp_path_factory) -> dict:
    """A class of four, graded: alice (answer and a plot), bob (a hostile answer, a fake PNG and an
    SVG with a script), 张三 hw1 (no answer), carol.zip (an Otter export with a plot)."""
    root = tmp_path_factory.mktemp("manual")
    folder, out = root / "class", root / "out"
    folder.mkdir()
    plot = base64.b64encode(_png(320, 240)).decode()
    nbformat.write(_student_notebook(ALICE, [_image_output("image/png", plot)]),
                   folder / "alice.ipynb")
    fake = base64.b64encode(f"<script>{PWN}</script>".encode()).decode()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><script>{PWN}</script></svg>'
    nbformat.write(_student_notebook(HOSTILE, [_image_output("image/png", fake),
                                               _image_output("image/svg+xml", svg)]),
                   folder / "bob.ipynb")
    nbformat.write(_student_notebook(None, []), folder / "张三 hw1.ipynb")
    carol = nbformat.writes(_student_notebook("Carol's answer", [_image_output(
        "image/png", base64.b64encode(_png(200, 150)).decode())]))
    with zipfile.ZipFile(folder / "carol.zip", "w") as archive:
        archive.writestr(f"{ASSIGNMENT}.ipynb", carol)
    batch.grade_class(assignment, folder, out, workers=1, limits=Limits(timeout=30),
                      dist=release.DIST, self_test=False)
    return {"folder": folder, "out": out}


@pytest.fixture
def out(graded, tmp_path) -> Path:
    """A fresh copy of the graded output folder (the class folder stays where it is)."""
    copy = tmp_path / "out"
    shutil.copytree(graded["out"], copy)
    return copy


def run(*argv) -> int:
    return cli.main([str(a) for a in argv])


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[list[str]], encoding="utf-8-sig", delimiter=",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def gradebook(out: Path) -> dict[str, dict]:
    return {row["submission"]: row for row in read_csv(out / "gradebook.csv")}


def kit_record(out: Path, name: str) -> SubmissionRecord:
    return batch.read_record(out, name)


# -- the page and the CSV --------------------------------------------------------------------------

def test_manual_writes_a_page_and_a_csv_in_one_stable_order(out):
    assert run("manual", ASSIGNMENT, out) == 0
    page = (out / "manual" / "q8.html").read_text(encoding="utf-8")
    rows = read_csv(out / "manual" / "q8.csv")
    names = [r["submission"] for r in rows]
    assert sorted(names) == sorted(["alice", "bob", "张三 hw1", "carol"])
    assert all(r["points"] == "" and r["comment"] == "" for r in rows)
    # the page lists the answers in the CSV's order, an order made from a hash, not the names
    labels = re.findall(r'<span class="label">([^<]*)</span>', page)
    assert labels == names
    assert names == sorted(names, key=lambda n: manual.order_key(ASSIGNMENT, "q8", n))
    assert "Tanh saturates" in page and "<strong>0.97</strong>" in page
    assert "Carol&#39;s answer" in page or "Carol's answer" in page  # from inside the zip
    assert "no answer" in page  # 张三 left the placeholder
    assert "_Type your answer here" not in page
    assert page.count("data:image/png;base64,") == 2  # alice's and carol's plots, nothing fake
    assert "image/svg" not in page and "<svg" not in page  # no SVG output embedded
    first = (out / "manual" / "q8.csv").read_bytes()
    assert run("manual", ASSIGNMENT, out) == 0
    assert (out / "manual" / "q8.csv").read_bytes() == first
    assert (out / "manual" / "q8.html").read_text(encoding="utf-8") == page


def test_hostile_answers_are_text(out):
    assert run("manual", ASSIGNMENT, out) == 0
    page = (out / "manual" / "q8.html").read_text(encoding="utf-8")
    body = page[page.index("<body>"):]
    assert "<script" not in body and "onerror=\"" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    assert all(href.startswith("../feedback/") for href in re.findall(r'href="([^"]*)"', body))
    assert all(src.startswith("data:image/png;base64,")
               for src in re.findall(r'src="([^"]*)"', body))
    assert "Content-Security-Policy" in page


def test_submissions_folder_can_be_given_or_must_be_known(out, graded, tmp_path, capsys):
    (out / "manual" / "sources.json").unlink()
    assert run("manual", ASSIGNMENT, out) == 2
    assert "--submissions" in capsys.readouterr().err
    assert not (out / "manual" / "q8.html").exists()
    assert run("manual", ASSIGNMENT, out, "--submissions", graded["folder"]) == 0
    assert (out / "manual" / "q8.html").is_file()
    assert run("manual", ASSIGNMENT, tmp_path / "nowhere") == 2


def test_anonymous_pages_hide_names_and_merge_maps_labels_back(out):
    assert run("manual", ASSIGNMENT, out, "--anonymous") == 0
    page = (out / "manual" / "q8.html").read_text(encoding="utf-8")
    rows = read_csv(out / "manual" / "q8.csv")
    labels = [r["submission"] for r in rows]
    assert all(re.fullmatch(r"S-[0-9a-f]{4,}", label) for label in labels)
    for name in ("alice", "bob", "张三", "carol", "feedback/"):
        assert name not in page
    assert run("manual", ASSIGNMENT, out, "--anonymous") == 0  # labels are stable
    assert [r["submission"] for r in read_csv(out / "manual" / "q8.csv")] == labels
    mapping = json.loads((out / "manual" / manual.LABELS).read_text(encoding="utf-8"))["labels"]
    alice = next(label for label, name in mapping.items() if name == "alice")
    write_csv(out / "manual" / "q8.csv", [["submission", "points", "comment"],
                                          [alice, "2", "clear"]])
    assert run("merge-manual", ASSIGNMENT, out) == 0
    assert gradebook(out)["alice"]["q8"] == "2"


# -- merging ---------------------------------------------------------------------------------------

def test_merge_reaches_gradebook_results_feedback_and_report(out):
    assert run("manual", ASSIGNMENT, out) == 0
    before = gradebook(out)
    write_csv(out / "manual" / "q8.csv", [["submission", "points", "comment"],
                                          ["alice", "1.5", "Good; cite the plot's numbers."],
                                          ["carol", "2", ""], ["bob", "", "look again"],
                                          ["张三 hw1", "", ""]])
    assert run("merge-manual", ASSIGNMENT, out) == 0
    book = gradebook(out)
    assert (book["alice"]["q8"], book["carol"]["q8"], book["bob"]["q8"]) == ("1.5", "2", "manual")
    assert float(book["alice"]["total"]) == float(before["alice"]["total"]) + 1.5
    assert float(book["alice"]["possible"]) == float(before["alice"]["possible"]) + 2
    assert book["bob"]["total"] == before["bob"]["total"]
    results = json.loads((out / "results" / "alice.json").read_text(encoding="utf-8"))
    q8 = next(t for t in results["tests"] if t["name"] == "q8")
    assert (q8["score"], q8["max_score"]) == (1.5, 2.0) and "cite the plot" in q8["output"]
    assert results["score"] == float(book["alice"]["total"])
    assert kit_record(out, "alice").manual_grades["q8"] == \
        ManualGrade(1.5, "Good; cite the plot's numbers.")
    feedback = (out / "feedback" / "alice.html").read_text(encoding="utf-8")
    assert "cite the plot" in feedback and "1.5 / 2" in feedback
    assert "does not include q8" in (out / "feedback" / "bob.html").read_text(encoding="utf-8")
    assert "does not include" not in feedback
    assert "cite the plot" in (out / "feedback" / "alice.md").read_text(encoding="utf-8")
    report_page = (out / "report.html").read_text(encoding="utf-8")
    assert "2 of 4 merged" in report_page and "Totals = autograded points" in report_page
    # `manual` again: the TA's sheet is kept, the new one beside it carries the merged points
    kept = (out / "manual" / "q8.csv").read_bytes()
    assert run("manual", ASSIGNMENT, out) == 0
    assert (out / "manual" / "q8.csv").read_bytes() == kept
    fresh = {r["submission"]: r for r in read_csv(out / "manual" / "q8.new.csv")}
    assert (fresh["alice"]["points"], fresh["bob"]["points"]) == ("1.5", "")
    assert "1.5 / 2" in (out / "manual" / "q8.html").read_text(encoding="utf-8")


def test_an_empty_points_cell_never_removes_a_merged_grade(out):
    assert run("manual", ASSIGNMENT, out) == 0
    sheet = out / "manual" / "q8.csv"
    write_csv(sheet, [["submission", "points", "comment"], ["alice", "1", ""]])
    assert run("merge-manual", ASSIGNMENT, out) == 0
    write_csv(sheet, [["submission", "points", "comment"], ["alice", "", ""]])
    assert run("merge-manual", ASSIGNMENT, out) == 0
    assert gradebook(out)["alice"]["q8"] == "1"


def test_excel_saved_sheets_are_read(out):
    """GBK (Excel's "CSV" on Chinese Windows), semicolons and a decimal comma, full-width digits,
    the formula guard "'" before a name, capitalised headers, extra columns and empty rows."""
    assert run("manual", ASSIGNMENT, out) == 0
    write_csv(out / "manual" / "q8.csv",
              [["Submission", "Points", "Comment", "note to self"],
               ["'alice", "1,5", "好", "x"], ["张三 hw1", "１", "", ""], ["", "", "", ""]],
              encoding="gbk", delimiter=";")
    assert run("merge-manual", ASSIGNMENT, out) == 0
    book = gradebook(out)
    assert (book["alice"]["q8"], book["张三 hw1"]["q8"]) == ("1.5", "1")
    assert kit_record(out, "alice").manual_grades["q8"].comment == "好"


HEADER = ["submission", "points", "comment"]
BAD_SHEETS = {
    "out of range": ([HEADER, ["alice", "1"], ["bob", "2.5"]], 3),
    "negative": ([HEADER, ["alice", "-1"]], 2),
    "not a number": ([HEADER, ["alice", "一分"]], 2),
    "not finite": ([HEADER, ["alice", "nan"]], 2),
    "unknown submission": ([HEADER, ["alice", "1"], ["mallory", "1"]], 3),
    "duplicate": ([HEADER, ["alice", "1"], ["alice", "1"]], 3),
    "missing column": ([["submission", "score", "comment"], ["alice", "1"]], 1),
    "unquoted comma": ([HEADER, ["alice", "1", "good", " but short"]], 2),
}


@pytest.mark.parametrize("case", sorted(BAD_SHEETS))
def test_a_bad_sheet_is_an_error_naming_file_and_line_and_nothing_is_written(out, case, capsys):
    assert run("manual", ASSIGNMENT, out) == 0
    rows, line = BAD_SHEETS[case]
    write_csv(out / "manual" / "q8.csv", rows)
    before = snapshot(out)
    assert run("merge-manual", ASSIGNMENT, out) == 2
    error = capsys.readouterr().err
    assert f"q8.csv line {line}" in error and f"q8.csv 第 {line} 行" in error
    assert snapshot(out) == before


@pytest.mark.parametrize("content", [b'submission,points,comment\r\nalice,"1,good\r\n',
                                     b"\xff\xfe\x00", b"", b"a\x00b,c\r\n"])
def test_a_malformed_file_is_an_error_and_nothing_is_written(out, content, capsys):
    assert run("manual", ASSIGNMENT, out) == 0
    (out / "manual" / "q8.csv").write_bytes(content)
    before = snapshot(out)
    assert run("merge-manual", ASSIGNMENT, out) == 2
    error = capsys.readouterr().err
    assert "q8.csv" in error and "nothing was merged" in error
    assert snapshot(out) == before


def test_one_bad_row_among_good_ones_merges_nothing(out):
    assert run("manual", ASSIGNMENT, out) == 0
    write_csv(out / "manual" / "q8.csv", [["submission", "points", "comment"], ["alice", "2"],
                                          ["carol", "3"]])
    assert run("merge-manual", ASSIGNMENT, out) == 2
    assert gradebook(out)["alice"]["q8"] == "manual"


def test_merge_without_sheets_or_outputs_is_an_error(out, tmp_path, capsys):
    assert run("merge-manual", ASSIGNMENT, out) == 2
    assert "run manual first" in capsys.readouterr().err
    assert run("merge-manual", ASSIGNMENT, tmp_path / "nowhere") == 2
    assert "run grade first" in capsys.readouterr().err


def test_manual_on_a_missing_output_folder_is_an_error_that_creates_nothing(tmp_path, capsys):
    assert run("manual", ASSIGNMENT, tmp_path / "nowhere") == 2
    error = capsys.readouterr().err
    assert "不是评分输出文件夹" in error and "is not a graded output folder" in error
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_of_another_assignment_is_refused(out, capsys):
    run_file = out / "run.json"
    run_file.write_text(run_file.read_text(encoding="utf-8").replace(
        f'"assignment": "{ASSIGNMENT}"', '"assignment": "another"'), encoding="utf-8")
    before = snapshot(out)
    assert run("manual", ASSIGNMENT, out) == 2
    assert "holds grades of another" in capsys.readouterr().err
    assert snapshot(out) == before


# -- regrading -------------------------------------------------------------------------------------

def test_a_regrade_keeps_merged_points_and_flags_a_changed_file(out, graded, assignment, tmp_path):
    assert run("manual", ASSIGNMENT, out) == 0
    write_csv(out / "manual" / "q8.csv", [["submission", "points", "comment"],
                                          ["alice", "1.5", "ok"], ["carol", "2", ""]])
    assert run("merge-manual", ASSIGNMENT, out) == 0
    folder = tmp_path / "class"
    shutil.copytree(graded["folder"], folder)
    alice = nbformat.read(folder / "alice.ipynb", as_version=4)
    alice.cells.append(nbformat.v4.new_markdown_cell("a late edit"))
    nbformat.write(alice, folder / "alice.ipynb")
    records = batch.grade_class(assignment, folder, out, workers=1, limits=Limits(timeout=30),
                                dist=release.DIST, self_test=False)
    regraded = {r.submission: r for r in records}
    assert regraded["alice"].manual_grades["q8"] == ManualGrade(1.5, "ok", answer_changed=True)
    assert any("may differ" in flag for flag in regraded["alice"].flags)
    assert regraded["carol"].manual_grades["q8"] == ManualGrade(2.0, "")  # not regraded at all
    book = gradebook(out)
    assert (book["alice"]["q8"], book["carol"]["q8"]) == ("1.5", "2")
    assert "may differ" in book["alice"]["flags"]
    assert run("manual", ASSIGNMENT, out, "--submissions", folder) == 0
    assert "the answer may differ" in (out / "manual" / "q8.html").read_text(encoding="utf-8")
    # the TA looks again and merges: the mark and the flag go, the points stay
    assert run("merge-manual", ASSIGNMENT, out) == 0
    assert kit_record(out, "alice").manual_grades["q8"] == ManualGrade(1.5, "ok")
    assert "may differ" not in gradebook(out)["alice"]["flags"]


def test_carry_over_keeps_grades_unflagged_for_a_new_grader_version():
    old = SubmissionRecord("alice", "alice.ipynb", "abc-v1", "graded",
                           manual_grades={"q8": ManualGrade(2.0, "fine")})
    same_file = SubmissionRecord("alice", "alice.ipynb", "abc-v2", "graded")
    manual.carry_over(old, same_file)
    assert same_file.manual_grades == {"q8": ManualGrade(2.0, "fine")} and not same_file.flags
    new_file = SubmissionRecord("alice", "alice.ipynb", "def-v2", "graded")
    manual.carry_over(old, new_file)
    assert new_file.manual_grades["q8"].answer_changed and new_file.flags
    first = SubmissionRecord("alice", "alice.ipynb", "abc-v1", "graded")
    manual.carry_over(None, first)
    assert first.manual_grades == {} and not first.flags


def test_manual_grades_survive_the_saved_json():
    record = SubmissionRecord("alice", "alice.ipynb", "abc-v1", "graded",
                              manual_grades={"q8": ManualGrade(1.5, "注释", True)})
    again = SubmissionRecord.from_json(json.loads(json.dumps(record.to_json())))
    assert again.manual_grades == record.manual_grades


# -- in a real browser -----------------------------------------------------------------------------

PROBE = ("<script nonce=\"probe\">window.addEventListener('load', () => "
         "document.body.setAttribute('data-probe', "
         "JSON.stringify(Array.from(document.images, i => i.naturalWidth))));</script>")


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def _dump_dom(page: Path, profile: Path) -> str:
    result = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                             f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                             "--dump-dom", page.as_uri()],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("policy", ["as written", "without the policy"])
def test_the_page_in_headless_chromium(out, tmp_path, policy):
    """The plots decode, and no student script runs: with the page's Content-Security-Policy (a
    probe script is let in by nonce), and without it, where escaping alone must hold."""
    assert run("manual", ASSIGNMENT, out) == 0
    page = (out / "manual" / "q8.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert meta and "script-src" not in meta.group(1) and "default-src 'none'" in meta.group(1)
    if policy == "as written":
        tested = page.replace(meta.group(1), meta.group(1) + "; script-src 'nonce-probe'")
    else:
        tested = page.replace(meta.group(0), "")
    tested = tested.replace("</body>", PROBE + "</body>")
    probe_page = out / "manual" / "probe.html"
    probe_page.write_text(tested, encoding="utf-8")
    dom = _dump_dom(probe_page, tmp_path / "profile")
    widths = json.loads(re.search(r'data-probe="([^"]*)"', dom).group(1).replace("&quot;", '"'))
    assert sorted(widths) == [200, 320]  # carol's and alice's plots, decoded at their size
    assert "<pwned" not in dom
    assert "My answer" in dom and "&lt;script&gt;" in dom  # the hostile answer, shown as text
