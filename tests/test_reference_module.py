"""An assignment's grader-only module (reference.py) is out of the reach of student code.

deep-nn's hidden tests compare with reference answers kept in reference.py. A submission graded in
the sandbox must find no module of that name, no copy of it in sys.modules, and no zip to read it
from; an answer that tries to borrow the reference loses its question and nothing else.
"""

from __future__ import annotations

import pytest

from autograder import release
from autograder.grading import Assignment, grade_in_sandbox
from autograder.sandbox import read_notebook_cells

NAME = "deep-nn"
SEED = 7


@pytest.fixture(scope="module")
def assignment_and_solution(built):
    assignment = Assignment.load(NAME)
    assert assignment.reference_source, "deep-nn's zip must carry reference.py"
    return assignment, read_notebook_cells(str(built[NAME]["solution"]))


def test_reference_is_unreachable_from_the_sandbox(assignment_and_solution):
    assignment, solution_cells = assignment_and_solution
    zip_path = str(release.autograder_zip(NAME).resolve())
    probe = f'''
import sys
assert "reference" not in sys.modules, "REFERENCE LOADED IN THE SANDBOX"
try:
    open({zip_path!r}, "rb").close()
except OSError:
    pass
else:
    raise AssertionError("THE AUTOGRADER ZIP IS READABLE")

def stable_softmax(z):
    import reference  # the grader-only module: borrowing its answers must fail
    return reference.torch.softmax(z, dim=1)
'''
    grade = grade_in_sandbox(assignment, solution_cells + [probe], seed=SEED)
    assert grade.status == "graded", grade.reason
    errors = " ".join(e["message"] if isinstance(e, dict) else str(e) for e in grade.cell_errors)
    assert "REFERENCE LOADED" not in errors and "ZIP IS READABLE" not in errors, errors
    by_name = {q.name: q for q in grade.questions}
    q1 = by_name["q1"]
    assert q1.points == 0 < q1.possible
    messages = " ".join(c.message for c in q1.cases if not c.passed)
    assert "No module named 'reference'" in messages, messages
    lost = {q.name for q in grade.questions if not q.manual and q.points < q.possible}
    assert lost == {"q1"}, lost
