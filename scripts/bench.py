"""Benchmark bulk grading against `otter run` and against the floor, measured in one run.

* baseline: `otter run` with the generated Gradescope zip, one submission after another (Otter's
  only Docker-less way), on the first few submissions of the class;
* kit: `python -m autograder grade` on the whole class with 1, 2, 4, ... workers up to the number
  of cores (a table of wall time, steady throughput and speed-up over one worker);
* floor: each submission's code cells and hidden tests run in this already-warm Python process,
  no sandbox, no channel (torch limited to one thread, as in a sandbox child).

Prints seconds per submission, throughput, the ratios the kit aims at (throughput >= 40x otter run,
per-submission wall time <= 1.5x the floor) and peak memory.

Usage: python scripts/bench.py param-init [--size 24] [--otter 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import torch

from autograder import batch, release, sandbox
from autograder.grading import Assignment, grade_in_process, submission_seed
from autograder.sandbox import Limits, read_notebook_cells, run_cells


def correct_class(name: str, folder: Path, size: int) -> list[Path]:
    """`size` correct submissions: the solution with correct catalogue answers swapped in."""
    from autograder import catalogue

    solution = release.DIST / name / "solution.ipynb"
    entries = [e for e in catalogue.load(name) if e.verdict == "correct"]
    paths = []
    for i in range(size):
        notebook = catalogue.notebook_with(solution, [entries[i % len(entries)].code])
        path = folder / f"student_{i:03d}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def otter_seconds(name: str, paths: list[Path]) -> list[float]:
    otter = Path(sys.executable).parent / "otter"
    times = []
    for path in paths:
        with tempfile.TemporaryDirectory() as out:
            started = time.monotonic()
            subprocess.run([str(otter), "run", "-a", str(release.autograder_zip(name)), "-o", out,
                            str(path)], check=True, capture_output=True)
            times.append(time.monotonic() - started)
    return times


def floor_seconds(assignment: Assignment, paths: list[Path]) -> list[float]:
    torch.set_num_threads(1)
    run_cells(["import torch, numpy, matplotlib.pyplot"])  # warm: imports done before timing
    times = []
    for path in paths:
        started = time.monotonic()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            namespace = run_cells(read_notebook_cells(str(path)))["namespace"]
        grade = grade_in_process(assignment, namespace, seed=submission_seed(path.read_bytes()))
        times.append(time.monotonic() - started)
        assert grade.total == grade.possible, f"{path.name}: {grade.total}"
    return times


def light_copy(paths: list[Path], folder: Path) -> list[Path]:
    """The same submissions with only their code that defines functions or imports: what the
    grader's own fixed costs look like without the teaching notebook's plots and experiments."""
    folder.mkdir()
    light = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [c for c in notebook.cells if c.cell_type == "code"
                          and ("def " in c.source or c.source.lstrip().startswith("import"))
                          and "plt." not in c.source]
        nbformat.write(notebook, folder / path.name)
        light.append(folder / path.name)
    return light


def worker_counts(cores: int) -> list[int]:
    """1, 2, 4, ... up to the cores present, and the core count itself."""
    counts, n = [], 1
    while n < cores:
        counts.append(n)
        n *= 2
    return counts + [cores]


def measure(label: str, assignment: Assignment, paths: list[Path], out: Path,
            otter_paths: int) -> dict:
    cores = os.cpu_count() or 1
    otter = otter_seconds(assignment.name, paths[:otter_paths])
    otter_each = statistics.mean(otter)
    floor_each = statistics.median(floor_seconds(assignment, paths))
    sandbox.start_forkserver()  # once per process, whatever the worker count: no row pays it
    rows = [_grade(assignment, paths[0].parent, out / f"w{w}", w) for w in worker_counts(cores)]
    one, best = rows[0], rows[-1]
    print(f"\n== {label}: {len(paths)} correct submissions, {cores} cores ==")
    print(f"otter run, one after another:   {otter_each:6.2f} s per submission (mean of {len(otter)})")
    print(f"floor (warm process, no sandbox): {floor_each:6.3f} s per submission (median)")
    print("workers   wall (s)   per submission (s)   steady (subs/s)   speed-up: wall  steady")
    for row in rows:
        print(f"{row['workers']:7d}   {row['wall']:8.1f}   {row['each']:18.3f}   "
              f"{row['steady']:15.2f}   {one['wall'] / row['wall']:14.2f}x "
              f"{row['steady'] / one['steady']:6.2f}x")
    print("  (wall: the whole class, workers' start-up included, the forkserver's (once per batch)"
          " not; steady: after each worker's first result)")
    print(f"peak memory per sandbox child:  {max(best['peaks']):.0f} MB "
          f"(mean {statistics.mean(best['peaks']):.0f})")
    print(f"throughput vs otter run:        {best['steady'] * otter_each:5.1f}x steady, "
          f"{len(paths) / best['wall'] * otter_each:.1f}x with start-up   (goal >= 40x)")
    print(f"wall per submission vs floor:   {one['each'] / floor_each:5.2f}x   (goal <= 1.5x)")
    return {"label": label, "otter_s": otter_each, "floor_s": floor_each,
            "kit_1_s": one["each"], "rows": [{k: v for k, v in r.items() if k != "peaks"}
                                             for r in rows]}


def _grade(assignment, folder, out, workers) -> dict:
    """Grade the class with ``workers``; wall time, median time per submission, and the steady
    throughput: submissions per second after each worker's first result (start-up excluded)."""
    clock = _Clock()
    started = time.monotonic()
    records = batch.grade_class(assignment, folder, out, workers, Limits(), release.DIST,
                                progress=clock, self_test=False)
    wall = time.monotonic() - started
    assert all(r.graded and r.total == r.possible for r in records)
    done = clock.times
    warm = min(workers, len(done) - 1)
    steady = (len(done) - warm - 1) / max(done[-1] - done[warm], 1e-9) if warm >= 0 else 0.0
    return {"workers": workers, "wall": wall, "steady": steady,
            "each": statistics.median(r.seconds for r in records),
            "peaks": [r.peak_memory_mb for r in records if r.peak_memory_mb]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--size", type=int, default=24, help="submissions in the sample class")
    parser.add_argument("--otter", type=int, default=3, help="submissions timed with otter run")
    args = parser.parse_args()
    assignment = Assignment.load(args.assignment)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        paths = correct_class(args.assignment, folder, args.size)
        results = [measure("the full notebook", assignment, paths, Path(tmp) / "full", args.otter)]
        light = light_copy(paths, Path(tmp) / "light")
        results.append(measure("function cells only", assignment, light, Path(tmp) / "lite",
                               args.otter))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nthis process's peak memory (floor runs): {own:.0f} MB")
        print(json.dumps(results))
    return 0


class _Clock:
    """A silent progress: when each result arrived."""

    def __init__(self):
        self.times: list[float] = []

    def step(self, record):
        self.times.append(time.monotonic())

    def close(self):
        pass


if __name__ == "__main__":
    sys.exit(main())
