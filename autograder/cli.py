"""Command line: ``python -m autograder <command>``.

Each command is a function with keyword-only arguments (``release``, ``grade``,
``grade_notebook``, ``sample_class``, ``catalogue``) that returns an exit code; ``main`` only parses
the command line and calls one of them. Errors a user can cause are printed in Chinese and English.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .record import SubmissionRecord


def release(*, assignments: list[str] | None = None) -> int:
    """Build student notebooks, Gradescope zips and solutions (all assignments by default)."""
    from . import release as releasing

    try:
        return releasing.main(assignments or None)
    except releasing.ReleaseError as error:
        return _error(str(error))


def grade(*, assignment: str, submissions: Path, out: Path, workers: int | None = None,
          timeout: float = 60.0, memory: int = 4096, hide: list[Path] | None = None,
          self_test: bool = True) -> int:
    """Grade a folder of submissions into ``out`` (resumable); print a summary."""
    from . import batch
    from . import release as releasing
    from .sandbox import Limits
    from .selftest import SelfTestFailed

    workers = workers or os.cpu_count() or 1
    if workers < 1 or timeout <= 0 or memory < 256:
        return _error("--workers 至少为 1，--timeout 大于 0，--memory 至少 256。",
                      "--workers >= 1, --timeout > 0 and --memory >= 256 please.")
    if not Path(submissions).is_dir():
        return _error(f"{submissions} 不是一个装着提交的文件夹。",
                      f"{submissions} is not a folder of submissions.")
    try:
        loaded = _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    limits = Limits(timeout=timeout, memory_mb=memory)
    try:
        records = batch.grade_class(loaded, Path(submissions), Path(out), workers, limits,
                                    releasing.DIST, hide=[str(h) for h in hide or []],
                                    self_test=self_test)
    except (batch.NoSubmissions, SelfTestFailed) as error:
        return _error(str(error))
    except KeyboardInterrupt:
        print(f"\n已中断：评好的结果保存在 {out}；再次运行同一命令即可继续。\n"
              f"interrupted: what was graded is saved in {out}; run the same command again to "
              "finish.", file=sys.stderr)
        return 130
    _print_summary(records, Path(out))
    return 0


def grade_notebook(*, assignment: str, notebook: Path) -> int:
    """Grade one notebook in the sandbox and print its result."""
    from . import release as releasing
    from .grading import grade_notebook_file

    if not Path(notebook).is_file():
        return _error(f"找不到文件：{notebook}", f"no such file: {notebook}")
    try:
        loaded = _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    result = grade_notebook_file(loaded, Path(notebook))
    print(f"{notebook}: {result.status} {result.reason}".rstrip())
    for question in result.questions:
        kind = "manual" if question.manual else f"{question.points:g}/{question.possible:g}"
        print(f"  {question.name}: {kind}")
        for case in question.cases:
            if not case.passed:
                print("      " + case.message.replace("\n", "\n      "))
    print(f"  total: {result.total:g}/{result.possible:g} (manual questions not included)")
    return 0


def sample_class(*, assignment: str, folder: Path, size: int = 40) -> int:
    """Write a sample class made from the catalogue (right, wrong, broken and hostile)."""
    from . import release as releasing
    from .sample_class import make_sample_class

    try:
        _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    manifest = make_sample_class(assignment, Path(folder), size=size)
    kinds: dict[str, int] = {}
    for item in manifest:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    print(f"sample class: {len(manifest)} submissions in {folder} ("
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    return 0


def catalogue(*, assignment: str) -> int:
    """Grade the catalogue of right and wrong answers; print the table."""
    from . import catalogue as catalogued
    from . import release as releasing

    try:
        _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    outcomes = catalogued.run(assignment)
    print(catalogued.table(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade assignments.")
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="build student notebooks, solutions and zips")
    rel.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    one_class = commands.add_parser("grade", help="grade a folder of submissions")
    one_class.add_argument("assignment", help="the assignment's name (a folder of solutions/)")
    one_class.add_argument("submissions", type=Path, help="a folder of .ipynb and/or .zip files")
    one_class.add_argument("--out", type=Path, required=True,
                           help="output folder (reused to resume)")
    one_class.add_argument("--workers", type=int, default=None,
                           help="submissions graded at once (default: the number of cores)")
    one_class.add_argument("--timeout", type=float, default=60.0,
                           help="seconds per submission: notebook and hidden tests (default 60)")
    one_class.add_argument("--memory", type=int, default=4096,
                           help="address-space cap per submission in MB (default 4096)")
    one_class.add_argument("--hide", type=Path, action="append", default=[],
                           help="another folder student code must not see (repeatable)")
    one_class.add_argument("--no-self-test", dest="self_test", action="store_false",
                           help="skip grading the solution and the release first")
    one = commands.add_parser("grade-notebook", help="grade one notebook, print the result")
    one.add_argument("assignment")
    one.add_argument("notebook", type=Path)
    sample = commands.add_parser("sample-class", help="write a sample class made from the catalogue")
    sample.add_argument("assignment")
    sample.add_argument("folder", type=Path)
    sample.add_argument("--size", type=int, default=40)
    cat = commands.add_parser("catalogue", help="grade the catalogue of right and wrong answers")
    cat.add_argument("assignment")
    args = vars(parser.parse_args(argv))
    verb = VERBS[args.pop("command")]
    return verb(**args)


VERBS = {"release": release, "grade": grade, "grade-notebook": grade_notebook,
         "sample-class": sample_class, "catalogue": catalogue}


def _error(zh: str, en: str | None = None) -> int:
    """Print a user error (Chinese, then English; one bilingual text if ``en`` is None)."""
    text = zh if en is None else f"{zh}\n{en}"
    print("error / 错误: " + text.replace("\n", "\n  "), file=sys.stderr)
    return 2


def _ensure_release(name: str):
    """Load the assignment, building its release first if it is missing or older than its source."""
    from . import release as releasing
    from .grading import Assignment

    zip_path = releasing.autograder_zip(name)
    source = releasing.source_notebook(name)
    if not zip_path.exists() or zip_path.stat().st_mtime < source.stat().st_mtime:
        print(f"building the release of {name} (make release)...", file=sys.stderr)
        releasing.release(name, quiet=True)
    return Assignment.load(name)


def _print_summary(records: list[SubmissionRecord], out: Path) -> None:
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record.status] = statuses.get(record.status, 0) + 1
    graded = [r.total for r in records if r.graded]
    mean = sum(graded) / len(graded) if graded else 0.0
    possible = records[0].possible if records else 0
    print(f"{len(records)} submissions: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    if graded:
        print(f"mean total of graded submissions: {mean:.2f} / {possible:g}")
    print(f"gradebook: {out / 'gradebook.csv'}")
    print(f"report:    {out / 'report.html'}")
    print(f"feedback:  {out / 'feedback'}/   results (Gradescope format): {out / 'results'}/")
