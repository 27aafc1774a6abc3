"""The two steps of `make demo` that stand in for a person: a TA typing points into the manual
grading sheets, and a student resubmitting a fixed notebook.

    python scripts/demo_week.py fill-manual ASSIGNMENT OUT
    python scripts/demo_week.py resubmit ASSIGNMENT SUBMISSIONS OUT
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

from autograder import release
from autograder.grading import read_questions


def fill_manual(assignment: str, out: Path) -> None:
    """Give the first three rows of every manual sheet full, half and no points (the third row
    stays empty: not graded yet), as a TA part-way through would."""
    points = {q.name: q.points for q in read_questions(release.source_notebook(assignment))}
    for sheet in sorted((out / "manual").glob("*.csv")):
        if sheet.name.endswith(".new.csv") or sheet.stem not in points:
            continue
        with open(sheet, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        full = points[sheet.stem]
        for row, given in zip(rows[1:], (full, full / 2, None)):
            row[1] = "" if given is None else f"{given:g}"
            row[2] = "" if given is None else "演示评语 / a demo comment"
        with open(sheet, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
        print(f"demo TA: points typed into the first rows of {sheet}")


def resubmit(assignment: str, submissions: Path, out: Path) -> None:
    """Replace the first graded, unflagged, partly wrong submission by the solution."""
    for path in sorted((out / "results").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))["extra_data"]["kit"]
        if record["status"] == "graded" and not record["flags"] \
                and 0 < record["total"] < record["possible"] and record["file"].endswith(".ipynb"):
            shutil.copyfile(release.DIST / assignment / "solution.ipynb",
                            submissions / record["file"])
            print(f"demo student: {record['file']} resubmitted with every answer fixed")
            return
    raise SystemExit("no partly wrong submission to resubmit")


if __name__ == "__main__":
    verb, *args = sys.argv[1:]
    if verb == "fill-manual":
        fill_manual(args[0], Path(args[1]))
    elif verb == "resubmit":
        resubmit(args[0], Path(args[1]), Path(args[2]))
    else:
        raise SystemExit(__doc__)
