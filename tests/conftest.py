"""Shared fixtures: the release is built once per test session, from the committed sources.

Tests of one assignment's behaviour use ``param-init`` (the flagship, with the hostile catalogue);
tests that every assignment must pass are parametrised over ``ASSIGNMENTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder import release

os.environ.setdefault("MPLBACKEND", "Agg")
ASSIGNMENTS = release.assignment_names()
FLAGSHIP = "param-init"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Release every assignment: student notebooks into a temporary folder (to compare with what
    is committed), zips and solutions into dist/ (build output, ignored by git)."""
    student_root = tmp_path_factory.mktemp("assignments")
    return {name: release.release(name, student_root=student_root, quiet=True)
            for name in ASSIGNMENTS}


@pytest.fixture(scope="session")
def loaded(built):
    """Every assignment as the grader sees it, by name."""
    from autograder.grading import Assignment

    return {name: Assignment.load(name) for name in ASSIGNMENTS}


@pytest.fixture(scope="session")
def solutions(built):
    """Every assignment's solution namespace (trusted code, run in this process), by name."""
    from autograder import catalogue

    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = catalogue.solution_namespace(name)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def assignment(loaded):
    return loaded[FLAGSHIP]


@pytest.fixture(scope="session")
def solution(solutions):
    return solutions(FLAGSHIP)
