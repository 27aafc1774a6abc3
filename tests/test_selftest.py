"""Before a batch: an empty folder is an error, and a broken environment stops grading."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from autograder import cli, selftest

ROOT = Path(__file__).resolve().parent.parent


def test_an_empty_folder_is_an_error_in_both_languages(built, tmp_path, capsys):
    empty = tmp_path / "class"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a submission")
    code = cli.main(["grade", "param-init", str(empty), "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err
    assert code == 2
    assert f"no submissions (.ipynb or .zip) found in {empty}" in error
    assert f"没有在 {empty} 里找到提交" in error
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_a_healthy_environment_passes_and_the_release_is_checked_once(assignment, built,
                                                                       tmp_path):
    from autograder.sandbox import Limits

    logged: list[str] = []
    selftest.check_environment(assignment, Limits(timeout=30), tmp_path, log=logged.append)
    assert len(logged) == 2 and "solution" in logged[0] and "release" in logged[1]
    marker = json.loads((tmp_path / selftest.MARKER).read_text())
    assert marker == {"version": assignment.version}
    logged.clear()
    selftest.check_environment(assignment, Limits(timeout=30), tmp_path, log=logged.append)
    assert len(logged) == 1 and "solution" in logged[0]


GRADE_SCRIPT = """
import sys
from pathlib import Path
from autograder import batch
from autograder.grading import Assignment
from autograder.sandbox import Limits
from autograder.selftest import SelfTestFailed

dist, submissions, out = map(Path, sys.argv[1:4])
assignment = Assignment.load("param-init", dist)
try:
    batch.grade_class(assignment, submissions, out, 1, Limits(timeout=30), dist)
except SelfTestFailed as failure:
    print(failure)
    sys.exit(3)
"""


def test_a_package_the_sandbox_cannot_see_stops_the_batch(built, tmp_path):
    """The fault of the report that led here: packages installed under /tmp, which the sandbox
    covers with an empty private /tmp. Here one module the solution imports lives there."""
    packages = Path(tempfile.mkdtemp(prefix="kit-packages-", dir="/tmp"))
    try:
        (packages / "kit_canary_package.py").write_text("VALUE = 1\n")
        dist = tmp_path / "dist"
        (dist / "param-init").mkdir(parents=True)
        shutil.copyfile(built["param-init"]["zip"], dist / "param-init" / "autograder.zip")
        solution = nbformat.read(built["param-init"]["solution"], as_version=4)
        imports = next(c for c in solution.cells
                       if c.cell_type == "code" and "import torch" in c.source)
        imports.source = "import kit_canary_package\n" + imports.source
        nbformat.write(solution, dist / "param-init" / "solution.ipynb")
        submissions = tmp_path / "class"
        submissions.mkdir()
        shutil.copyfile(built["param-init"]["solution"], submissions / "alice.ipynb")
        out = tmp_path / "out"
        env = dict(os.environ, PYTHONPATH=str(packages))
        done = subprocess.run([sys.executable, "-c", GRADE_SCRIPT, str(dist), str(submissions),
                               str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
    finally:
        shutil.rmtree(packages, ignore_errors=True)
    message = done.stdout
    assert done.returncode == 3, done.stdout + done.stderr
    assert "self-test failed" in message and "自检失败" in message
    assert "(it must get full marks)" in message
    assert "ModuleNotFoundError: No module named 'kit_canary_package'" in message
    assert f"{packages}: NOT VISIBLE in the sandbox" in message  # the sandbox's view names the covered folder
    assert "must live outside /tmp" in message
    assert not (out / "results").exists() and not (out / "gradebook.csv").exists()
