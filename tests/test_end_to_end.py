"""End to end: the released notebooks, graded by the kit's sandboxed grader and by Otter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.grading import grade_notebook_file


def test_unchanged_student_notebook_runs_and_scores_zero(assignment, built):
    grade = grade_notebook_file(assignment, built["param-init"]["student"])
    assert grade.status == "graded", grade.reason
    assert grade.cell_errors == [], "the student notebook must run top to bottom without errors"
    autograded = [q for q in grade.questions if not q.manual]
    assert len(autograded) == 7 and all(q.points == 0 for q in autograded)
    assert [q.name for q in grade.questions if q.manual] == ["q8"]


def test_solution_scores_full_marks_in_the_sandbox(assignment, built):
    grade = grade_notebook_file(assignment, built["param-init"]["solution"])
    assert grade.status == "graded" and grade.cell_errors == []
    assert grade.total == grade.possible == 15


def test_otter_run_with_the_zip_gives_the_solution_full_marks(built, tmp_path):
    """Otter's own runner, with the generated Gradescope zip, on the posted solution."""
    paths = built["param-init"]
    submission = tmp_path / "param-init.ipynb"
    shutil.copyfile(paths["solution"], submission)
    out = tmp_path / "out"
    out.mkdir()
    otter = Path(sys.executable).parent / "otter"
    done = subprocess.run([str(otter), "run", "-a", str(paths["zip"]), "-o", str(out),
                           str(submission)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    scores = {t["name"]: (t["score"], t["max_score"]) for t in results["tests"] if "score" in t}
    got = sum(s for s, _ in scores.values())
    possible = sum(m for _, m in scores.values())
    assert got == possible == 15, scores
