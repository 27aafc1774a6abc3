"""For honest submissions the kit's scores equal what `otter run` gives with the generated zip.

For every assignment, a sample: the solution, the unchanged student notebook, a partly wrong
notebook (two wrong answers) and, per question, one wrong catalogue entry swapped into the
solution. (Every catalogue entry is graded by the kit in test_catalogue.py; `otter run`
costs about 8 s a notebook, so comparing the whole catalogue would take most of CI's budget.)
The kit grades each sample in one batch; Otter grades each notebook with `otter run`, two at a time.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS

from autograder import batch, catalogue, release
from autograder.grading import submission_seed
from autograder.sandbox import Limits


def otter_scores(zip_path: Path, notebook: Path) -> dict[str, float]:
    """Otter's scores, with the grading seed the kit gives this notebook: the hidden tests then
    draw the same inputs in both (a wrong answer may be caught by some inputs and not others)."""
    seed = submission_seed(notebook.read_bytes())
    with tempfile.TemporaryDirectory() as out:
        otter = Path(sys.executable).parent / "otter"
        subprocess.run([str(otter), "run", "-a", str(zip_path), "-o", out, str(notebook)],
                       check=True, capture_output=True, timeout=600,
                       env=dict(os.environ, AUTOGRADER_SEED=str(seed)))
        results = json.loads((Path(out) / "results.json").read_text())
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


def sample_entries(name: str) -> list[catalogue.Entry]:
    """Per question, its first wrong entry (file names are sorted); the solution stands for the
    correct ones."""
    chosen: dict[str, catalogue.Entry] = {}
    for entry in catalogue.load(name):
        if entry.verdict == "wrong":
            chosen.setdefault(entry.question, entry)
    return list(chosen.values())


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_kit_and_otter_agree_on_honest_submissions(name, loaded, built, tmp_path):
    paths = built[name]
    folder = tmp_path / "class"
    folder.mkdir()
    wrong = [e for e in catalogue.load(name) if e.verdict == "wrong"]
    nbformat.write(nbformat.read(paths["solution"], as_version=4), folder / "solution.ipynb")
    nbformat.write(nbformat.read(paths["student"], as_version=4), folder / "unchanged.ipynb")
    nbformat.write(catalogue.notebook_with(paths["solution"], [wrong[0].code, wrong[-1].code]),
                   folder / "partly wrong.ipynb")
    for entry in sample_entries(name):
        nbformat.write(catalogue.notebook_with(paths["solution"], [entry.code]),
                       folder / f"{entry.name}.ipynb")

    records = batch.grade_class(loaded[name], folder, tmp_path / "out", workers=2,
                                limits=Limits(timeout=60), dist=release.DIST)
    kit = {r.submission: {q.name: q.points for q in r.questions if not q.manual} for r in records}
    assert all(r.graded for r in records)

    notebooks = sorted(folder.glob("*.ipynb"))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        otter = dict(zip((p.stem for p in notebooks),
                         pool.map(lambda p: otter_scores(paths["zip"], p), notebooks)))
    disagreements = {n: (kit[n], otter[n]) for n in kit if kit[n] != otter[n]}
    assert not disagreements, disagreements
    possible = sum(q.points for q in loaded[name].questions if not q.manual)
    assert sum(kit["solution"].values()) == possible > 0
    assert sum(kit["unchanged"].values()) == 0
