"""Command line: ``python -m autograder <command>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade assignments.")
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="build student notebooks, solutions and zips")
    rel.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    one = commands.add_parser("grade-notebook", help="grade one notebook, print the result")
    one.add_argument("assignment")
    one.add_argument("notebook", type=Path)
    cat = commands.add_parser("catalogue", help="grade the catalogue of right and wrong answers")
    cat.add_argument("assignment")
    args = parser.parse_args(argv)

    if args.command == "release":
        from . import release
        return release.main(args.assignments)
    if args.command == "grade-notebook":
        return _grade_notebook(args.assignment, args.notebook)
    if args.command == "catalogue":
        from . import catalogue
        outcomes = catalogue.run(args.assignment)
        print(catalogue.table(outcomes))
        return 0 if all(o.ok for o in outcomes) else 1
    return 2


def _grade_notebook(assignment_name: str, notebook: Path) -> int:
    from .grading import Assignment, grade_notebook_file

    if not notebook.is_file():
        print(f"error: no such file: {notebook}", file=sys.stderr)
        return 2
    grade = grade_notebook_file(Assignment.load(assignment_name), notebook)
    print(f"{notebook}: {grade.status} {grade.reason}".rstrip())
    for question in grade.questions:
        kind = "manual" if question.manual else f"{question.points:g}/{question.possible:g}"
        print(f"  {question.name}: {kind}")
        for case in question.cases:
            if not case.passed:
                print("      " + case.message.replace("\n", "\n      "))
    print(f"  total: {grade.total:g}/{grade.possible:g} (manual questions not included)")
    return 0
