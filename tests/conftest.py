"""Shared fixtures: the release is built once per test session, from the committed sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder import release

os.environ.setdefault("MPLBACKEND", "Agg")
ASSIGNMENTS = release.assignment_names()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Release every assignment: student notebooks into a temporary folder (to compare with what
    is committed), zips and solutions into dist/ (build output, ignored by git)."""
    student_root = tmp_path_factory.mktemp("assignments")
    return {name: release.release(name, student_root=student_root, quiet=True)
            for name in ASSIGNMENTS}


@pytest.fixture(scope="session")
def assignment(built):
    from autograder.grading import Assignment

    return Assignment.load("param-init")


@pytest.fixture(scope="session")
def solution(built):
    from autograder import catalogue

    return catalogue.solution_namespace("param-init")
