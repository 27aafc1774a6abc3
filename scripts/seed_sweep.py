"""Measure the graders' error rates over many grading seeds.

* False failures: the solution is graded under N different grading seeds (every input shape, value
  and random seed the hidden tests use changes with it); a correct answer must never lose a point.
* Misses: every wrong catalogue entry is graded under a smaller number of seeds; each must lose
  points every time.

Usage: python scripts/seed_sweep.py param-init --seeds 200 --wrong-seeds 10
"""

from __future__ import annotations

import argparse
import sys
import time

from autograder import catalogue
from autograder.grading import Assignment, grade_in_process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--seeds", type=int, default=200, help="seeds for the solution")
    parser.add_argument("--wrong-seeds", type=int, default=10, help="seeds per wrong entry")
    args = parser.parse_args()

    assignment = Assignment.load(args.assignment)
    solution = catalogue.solution_namespace(args.assignment)
    started = time.monotonic()
    failures = []
    for seed in range(args.seeds):
        grade = grade_in_process(assignment, solution, seed=1_000_003 * seed + 17)
        if grade.total != grade.possible:
            lost = [c.message.splitlines()[-1] for q in grade.questions for c in q.cases
                    if not c.passed]
            failures.append((seed, lost))
        _progress(seed + 1, args.seeds, started)
    print(f"\nfalse failures: {len(failures)} of {args.seeds} gradings of the solution "
          f"({time.monotonic() - started:.0f} s)")
    for seed, lost in failures:
        print(f"  seed {seed}: {lost}")

    wrong = [e for e in catalogue.load(args.assignment) if e.verdict == "wrong"]
    misses = []
    started = time.monotonic()
    for i, entry in enumerate(wrong):
        for seed in range(args.wrong_seeds):
            grade = catalogue.grade_entry(assignment, entry, solution, seed=7_919 * seed + 3)
            if not catalogue.judge(entry, grade).ok:
                misses.append((entry.name, seed))
        _progress(i + 1, len(wrong), started)
    total = len(wrong) * args.wrong_seeds
    print(f"\nwrong entries not caught with their diagnosis: {len(misses)} of {total} gradings "
          f"({len(wrong)} entries x {args.wrong_seeds} seeds)")
    for name, seed in misses:
        print(f"  {name} (seed {seed})")
    return 0 if not failures and not misses else 1


def _progress(done: int, total: int, started: float) -> None:
    if sys.stderr.isatty():
        eta = (time.monotonic() - started) / done * (total - done)
        print(f"\r  {done}/{total}  eta {eta:4.0f} s", end="", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
