"""The catalogue of right and wrong answers, graded by the real hidden tests.

Every correct entry must get full marks and every wrong one must lose points on its own question,
with the diagnosis its file expects — both in this process and through the sandbox and channel.
"""

from __future__ import annotations

import pytest

from autograder import catalogue
from autograder.grading import grade_in_sandbox
from autograder.sandbox import read_notebook_cells

ENTRIES = catalogue.load("param-init")


def test_catalogue_is_big_enough():
    for question in [f"q{n}" for n in range(1, 8)]:
        mine = [e for e in ENTRIES if e.question == question]
        assert sum(e.verdict == "wrong" for e in mine) >= 3, question
        assert sum(e.verdict == "correct" for e in mine) >= 2, question


def test_catalogue_in_process(assignment, solution, capsys):
    outcomes = [catalogue.judge(e, catalogue.grade_entry(assignment, e, solution)) for e in ENTRIES]
    with capsys.disabled():
        print("\n" + catalogue.table(outcomes))
    failed = [f"{o.entry.name}: {o.detail}" for o in outcomes if not o.ok]
    assert not failed, "\n".join(failed)


@pytest.fixture(scope="module")
def solution_cells(built):
    return read_notebook_cells(str(built["param-init"]["solution"]))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_catalogue_through_the_sandbox(assignment, solution_cells, entry):
    """The solution notebook with the entry's code as a last cell, graded as a submission."""
    grade = grade_in_sandbox(assignment, solution_cells + [entry.code], seed=12345)
    assert grade.status == "graded", grade.reason
    outcome = catalogue.judge(entry, grade)
    assert outcome.ok, outcome.detail
