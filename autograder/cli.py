"""Command line: ``python -m autograder <command>``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade assignments.")
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="build student notebooks, solutions and zips")
    rel.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    grade = commands.add_parser("grade", help="grade a folder of submissions")
    grade.add_argument("assignment", help="the assignment's name, e.g. param-init")
    grade.add_argument("submissions", type=Path, help="a folder of .ipynb and/or .zip files")
    grade.add_argument("--out", type=Path, required=True, help="output folder (reused to resume)")
    grade.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: the number of cores)")
    grade.add_argument("--timeout", type=float, default=60.0,
                       help="seconds per submission: notebook and hidden tests (default 60)")
    grade.add_argument("--memory", type=int, default=4096,
                       help="address-space cap per submission in MB (default 4096)")
    one = commands.add_parser("grade-notebook", help="grade one notebook, print the result")
    one.add_argument("assignment")
    one.add_argument("notebook", type=Path)
    sample = commands.add_parser("sample-class", help="write a sample class made from the catalogue")
    sample.add_argument("assignment")
    sample.add_argument("folder", type=Path)
    sample.add_argument("--size", type=int, default=40)
    cat = commands.add_parser("catalogue", help="grade the catalogue of right and wrong answers")
    cat.add_argument("assignment")
    args = parser.parse_args(argv)

    if args.command == "release":
        from . import release
        return release.main(args.assignments)
    if args.command == "grade":
        return _grade(args)
    if args.command == "grade-notebook":
        return _grade_notebook(args.assignment, args.notebook)
    if args.command == "sample-class":
        from .sample_class import make_sample_class

        _ensure_release(args.assignment)
        manifest = make_sample_class(args.assignment, args.folder, size=args.size)
        kinds: dict[str, int] = {}
        for item in manifest:
            kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
        print(f"sample class: {len(manifest)} submissions in {args.folder} ("
              + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
        return 0
    if args.command == "catalogue":
        from . import catalogue
        outcomes = catalogue.run(args.assignment)
        print(catalogue.table(outcomes))
        return 0 if all(o.ok for o in outcomes) else 1
    return 2


def _ensure_release(name: str):
    """Load the assignment, building its release first if it is missing or older than its source."""
    from . import release
    from .grading import Assignment

    zip_path = release.autograder_zip(name)
    source = release.source_notebook(name)
    if not zip_path.exists() or zip_path.stat().st_mtime < source.stat().st_mtime:
        print(f"building the release of {name} (make release)...", file=sys.stderr)
        release.release(name, quiet=True)
    return Assignment.load(name)


def _grade(args) -> int:
    from . import batch, release
    from .sandbox import Limits

    if args.workers < 1 or args.timeout <= 0 or args.memory < 256:
        print("error: --workers >= 1, --timeout > 0 and --memory >= 256 please", file=sys.stderr)
        return 2
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    try:
        assignment = _ensure_release(args.assignment)
    except release.ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    limits = Limits(timeout=args.timeout, memory_mb=args.memory)
    try:
        records = batch.grade_class(assignment, args.submissions, args.out, args.workers,
                                    limits, release.DIST)
    except KeyboardInterrupt:
        print(f"\ninterrupted: what was graded is saved in {args.out}; run the same command "
              "again to finish", file=sys.stderr)
        return 130
    _print_summary(records, args.out)
    return 0


def _print_summary(records: list[dict], out: Path) -> None:
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    graded = [r["total"] for r in records if r["status"] == "graded"]
    mean = sum(graded) / len(graded) if graded else 0.0
    possible = records[0]["possible"] if records else 0
    print(f"{len(records)} submissions: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    if graded:
        print(f"mean total of graded submissions: {mean:.2f} / {possible:g}")
    print(f"gradebook: {out / 'gradebook.csv'}")
    print(f"report:    {out / 'report.html'}")
    print(f"feedback:  {out / 'feedback'}/   results (Gradescope format): {out / 'results'}/")


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
