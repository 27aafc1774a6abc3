"""For honest submissions the kit's scores equal what `otter run` gives with the generated zip.

The sample class: the solution, the unchanged student notebook, two partly wrong notebooks and
every catalogue entry swapped into the solution. The kit grades it in one batch; Otter grades each
notebook with `otter run`, two at a time.
"""

from __future__ import annotations

import concurrent.futures
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from autograder import batch, catalogue, release
from autograder.sandbox import Limits


def otter_scores(zip_path: Path, notebook: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        otter = Path(sys.executable).parent / "otter"
        subprocess.run([str(otter), "run", "-a", str(zip_path), "-o", out, str(notebook)],
                       check=True, capture_output=True, timeout=600)
        results = json.loads((Path(out) / "results.json").read_text())
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


def test_kit_and_otter_agree_on_honest_submissions(assignment, built, tmp_path):
    paths = built["param-init"]
    folder = tmp_path / "class"
    folder.mkdir()
    entries = catalogue.load("param-init")
    wrong = [e for e in entries if e.verdict == "wrong"]
    nbformat.write(nbformat.read(paths["solution"], as_version=4), folder / "solution.ipynb")
    nbformat.write(nbformat.read(paths["student"], as_version=4), folder / "unchanged.ipynb")
    nbformat.write(catalogue.notebook_with(paths["solution"], [wrong[0].code, wrong[-1].code]),
                   folder / "partly wrong 1.ipynb")
    nbformat.write(catalogue.notebook_with(paths["solution"], [e.code for e in wrong[10:20:4]]),
                   folder / "partly wrong 2.ipynb")
    for entry in entries:
        nbformat.write(catalogue.notebook_with(paths["solution"], [entry.code]), folder / f"{entry.name}.ipynb")

    records = batch.grade_class(assignment, folder, tmp_path / "out", workers=2,
                                limits=Limits(timeout=60), dist=release.DIST)
    kit = {r["submission"]: {q["name"]: q["points"] for q in r["questions"] if not q["manual"]}
           for r in records}
    assert all(r["status"] == "graded" for r in records)

    notebooks = sorted(folder.glob("*.ipynb"))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        otter = dict(zip((p.stem for p in notebooks),
                         pool.map(lambda p: otter_scores(paths["zip"], p), notebooks)))
    disagreements = {name: (kit[name], otter[name]) for name in kit if kit[name] != otter[name]}
    assert not disagreements, disagreements
    assert kit["solution"]["q3"] == 3 and kit["unchanged"]["q3"] == 0
