"""End to end, for every assignment: the released notebooks, graded by the kit's sandboxed grader.

(Otter's own runner with each zip, in an environment built from the zip's own requirements, is
checked by test_zip_environment.py.)
"""

from __future__ import annotations

import pytest
from conftest import ASSIGNMENTS

from autograder.grading import grade_notebook_file


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_unchanged_student_notebook_runs_and_scores_zero(name, loaded, built):
    grade = grade_notebook_file(loaded[name], built[name]["student"])
    assert grade.status == "graded", grade.reason
    assert grade.cell_errors == [], "the student notebook must run top to bottom without errors"
    autograded = [q for q in grade.questions if not q.manual]
    assert autograded and all(q.points == 0 for q in autograded)
    assert len([q for q in grade.questions if q.manual]) == 1, "one written question"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_scores_full_marks_in_the_sandbox(name, loaded, built):
    grade = grade_notebook_file(loaded[name], built[name]["solution"])
    assert grade.status == "graded" and grade.cell_errors == [], (grade.reason, grade.cell_errors)
    assert grade.total == grade.possible > 0
    assert not grade.flags, grade.flags
    # feedback names each test after what it checks ("q3 · bound"), not Otter's "q3 - 2"
    names = [c.name for q in grade.questions for c in q.cases]
    assert names and all(c.startswith(f"{q.name} · ") for q in grade.questions for c in
                         (case.name for case in q.cases)), names
