"""Bulk grading: outputs, statuses, determinism across worker counts, resume after SIGKILL."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import batch, catalogue, release
from autograder.sandbox import Limits


def notebook_with(solution: Path, extra_cells: list[str], codes: tuple = ()):
    notebook = catalogue.notebook_with(solution, list(codes))
    notebook.cells.extend(nbformat.v4.new_code_cell(c) for c in extra_cells)
    return notebook


@pytest.fixture(scope="module")
def small_class(built, tmp_path_factory) -> Path:
    """Eight submissions: right, partly wrong, unfinished, broken, zipped, endless."""
    folder = tmp_path_factory.mktemp("class")
    solution = built["param-init"]["solution"]
    wrong = {e.name: e for e in catalogue.load("param-init")}["q3-wrong-fan-in-only"]
    nbformat.write(notebook_with(solution, []), folder / "alice.ipynb")
    nbformat.write(notebook_with(solution, [], [wrong.code]),
                   folder / "张三 hw1.ipynb")
    shutil.copyfile(built["param-init"]["student"], folder / "bob unfinished.ipynb")
    (folder / "broken.ipynb").write_text("{ this is not json", encoding="utf-8")
    (folder / "empty.ipynb").write_bytes(b"")
    with zipfile.ZipFile(folder / "carol.zip", "w") as archive:
        archive.write(solution, "param-init.ipynb")
        archive.writestr(".OTTER_LOG", b"\x80\x04not really a log")
    nbformat.write(notebook_with(solution, ["while True:\n    pass"]), folder / "dave loops.ipynb")
    nbformat.write(notebook_with(solution, ["import os\nos._exit(0)"]), folder / "erin exits.ipynb")
    return folder


def gradebook(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


EXPECTED = {"alice": ("graded", "15"), "张三 hw1": ("graded", "13"), "bob unfinished": ("graded", "0"),
            "broken": ("error", ""), "empty": ("error", ""), "carol": ("graded", "15"),
            "dave loops": ("timeout", ""), "erin exits": ("killed", "")}


def test_a_class_is_graded_with_every_output(assignment, small_class, tmp_path):
    out = tmp_path / "out"
    batch.grade_class(assignment, small_class, out, workers=2, limits=Limits(timeout=20),
                      dist=release.DIST)
    rows = gradebook(out)
    assert {n: (r["status"], r["total"] if r["status"] == "graded" else "")
            for n, r in rows.items()} == EXPECTED
    assert list(rows["alice"])[:11] == ["submission", "status", "q1", "q2", "q3", "q4", "q5", "q6",
                                         "q7", "q8", "total"]
    assert rows["alice"]["q8"] == "manual"
    assert rows["张三 hw1"]["q3"] == "1"
    for name in EXPECTED:
        assert (out / "feedback" / f"{name}.html").is_file()
        results = json.loads((out / "results" / f"{name}.json").read_text(encoding="utf-8"))
        assert {"score", "tests"} <= set(results) and results["tests"][0]["name"] == "q1"
    assert "fan_in" in (out / "feedback" / "张三 hw1.html").read_text(encoding="utf-8")
    assert (out / "report.html").stat().st_size > 10_000


def test_scores_do_not_depend_on_worker_count_or_repetition(assignment, small_class, tmp_path):
    keep = [p for p in small_class.iterdir() if p.stem in ("alice", "张三 hw1", "bob unfinished")]
    folder = tmp_path / "three"
    folder.mkdir()
    for path in keep:
        shutil.copyfile(path, folder / path.name)
    tables = []
    for workers, out in ((1, "a"), (2, "b"), (2, "c")):
        batch.grade_class(assignment, folder, tmp_path / out, workers=workers,
                          limits=Limits(timeout=30), dist=release.DIST)
        tables.append({n: {k: v for k, v in r.items() if k != "seconds"}
                       for n, r in gradebook(tmp_path / out).items()})
    assert tables[0] == tables[1] == tables[2]


def test_resume_after_sigkill(built, small_class, tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(small_class, folder)
    for path in folder.iterdir():  # keep the slow ones out: resume is what is tested
        if path.stem in ("dave loops",):
            path.unlink()
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", "param-init", str(folder),
               "--out", str(out), "--workers", "2", "--timeout", "30"]
    first = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))
                                              if (out / "results").exists() else []) < 2:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 2 <= len(saved) < 7, "the kill should land mid-batch"
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = gradebook(out)
    assert sorted(rows) == sorted(n for n in EXPECTED if n != "dave loops")
    with open(out / "gradebook.csv", encoding="utf-8-sig") as handle:
        assert len(handle.read().strip().splitlines()) == 1 + len(rows)  # no duplicate rows
    for name, mtime in saved.items():  # what was saved before the kill was not graded again
        assert (out / "results" / name).stat().st_mtime_ns == mtime
    assert rows["alice"]["total"] == "15" and rows["broken"]["status"] == "error"
    killed = {int(d.name.split("-")[2]) for d in Path(tempfile.gettempdir()).glob("autograder-sub-*")
              if d.name.split("-")[2].isdigit()}
    assert not killed - _live_pids(), "the rerun removes what the killed graders left behind"


def _live_pids() -> set[int]:
    return {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()}
