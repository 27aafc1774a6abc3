"""The catalogues of right and wrong answers, graded by the real hidden tests.

For every assignment, every correct entry must get full marks and every wrong one must lose points
on its own question, with the diagnosis its file expects — both in this process and through the
sandbox and channel.
"""

from __future__ import annotations

import pytest
from conftest import ASSIGNMENTS

from autograder import catalogue
from autograder.grading import grade_in_sandbox, read_questions
from autograder.release import source_notebook
from autograder.sandbox import read_notebook_cells

ENTRIES = [(name, entry) for name in ASSIGNMENTS for entry in catalogue.load(name)]
MIN_CORRECT, MIN_WRONG = 2, 4


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_catalogue_is_big_enough(name):
    entries = catalogue.load(name)
    autograded = [q.name for q in read_questions(source_notebook(name)) if not q.manual]
    assert autograded, name
    for question in autograded:
        mine = [e for e in entries if e.question == question]
        assert sum(e.verdict == "wrong" for e in mine) >= MIN_WRONG, (name, question)
        assert sum(e.verdict == "correct" for e in mine) >= MIN_CORRECT, (name, question)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_catalogue_in_process(name, loaded, solutions, capsys):
    solution = solutions(name)
    outcomes = [catalogue.judge(e, catalogue.grade_entry(loaded[name], e, solution))
                for e in catalogue.load(name)]
    with capsys.disabled():
        print(f"\n{name}\n" + catalogue.table(outcomes))
    failed = [f"{o.entry.name}: {o.detail}" for o in outcomes if not o.ok]
    assert not failed, "\n".join(failed)


@pytest.fixture(scope="module")
def solution_cells(built):
    return {name: read_notebook_cells(str(built[name]["solution"])) for name in ASSIGNMENTS}


@pytest.mark.parametrize("name, entry", ENTRIES, ids=[f"{n}/{e.name}" for n, e in ENTRIES])
def test_catalogue_through_the_sandbox(name, entry, loaded, solution_cells):
    """The solution notebook with the entry's code as a last cell, graded as a submission."""
    grade = grade_in_sandbox(loaded[name], solution_cells[name] + [entry.code], seed=12345)
    assert grade.status == "graded", grade.reason
    outcome = catalogue.judge(entry, grade)
    assert outcome.ok, outcome.detail


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_public_checks_pass_against_the_solution(name, loaded, solutions):
    """Public checks carry 0 points, so Otter Assign's run against the solution cannot show one
    that fails: a student whose answer is right would be told it is wrong."""
    from autograder.grading import _run_case

    assignment = loaded[name]
    env = {n: solutions(name).get(n) for n in assignment.function_names()}
    assignment.use_in_checks()
    failed = []
    for question, test_file in assignment.test_files.items():
        for case in test_file.test_cases:
            if not case.hidden:
                passed, message = _run_case(case, env)
                if not passed:
                    failed.append(f"{question} {case.name}: {message}")
    assert not failed, "\n".join(failed)
