"""Releasing an assignment: from the instructor's source notebook to what is handed out.

    solutions/<name>/<name>.ipynb     the source (Otter Assign format: solutions and tests inside)
      -> assignments/<name>/<name>.ipynb   student notebook: stubs and public tests (committed)
      -> dist/<name>/autograder.zip        Otter's Gradescope zip, environment with torch
      -> dist/<name>/solution.ipynb        solutions with public tests only, for posting later

Otter Assign does the real work. This module adds what it does not do:
* it ships ``autograder/checks.py`` and ``autograder/channel.py`` (what hidden tests import) inside the
  zip, through the source notebook's ``autograder_files: [autograder]``, and pins torch, NumPy and
  SciPy through ``requirements: requirements.txt`` — both staged next to a copy of the notebook;
* it turns Otter's ``...`` stubs into ``raise NotImplementedError`` so that an unfinished function
  fails loudly instead of returning ``Ellipsis``;
* it keeps hidden tests out of the posted solution, and gives cells stable ids so the committed
  student notebook is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "solutions"
STUDENT_RELEASES = ROOT / "assignments"
DIST = ROOT / "dist"
# What the hidden tests import; nothing else of the package goes into the zip.
SHIPPED_MODULES = ("__init__.py", "channel.py", "checks.py")
# Packages the hidden tests need in the grading environment, pinned as in requirements.txt.
GRADING_PACKAGES = ("torch", "numpy", "scipy")
STUB_LINE = re.compile(r"^(\s*)\.\.\.\s*$")
DEF_LINE = re.compile(r"^\s*def\s+(\w+)\s*\(")


class ReleaseError(Exception):
    pass


def assignment_names() -> list[str]:
    return sorted(p.name for p in SOURCES.iterdir() if (p / f"{p.name}.ipynb").is_file())


def source_notebook(name: str) -> Path:
    path = SOURCES / name / f"{name}.ipynb"
    if not path.is_file():
        known = ", ".join(assignment_names()) or "none"
        raise ReleaseError(f"no assignment named {name!r} (known: {known}); expected {path}")
    return path


def autograder_zip(name: str, dist: Path = DIST) -> Path:
    return dist / name / "autograder.zip"


def release(name: str, student_root: Path = STUDENT_RELEASES, dist: Path = DIST,
            quiet: bool = False) -> dict[str, Path]:
    """Build every release file of one assignment; return their paths."""
    source = source_notebook(name)
    with tempfile.TemporaryDirectory(prefix=f"release-{name}-") as tmp:
        staging, output = Path(tmp) / "source", Path(tmp) / "otter"
        _stage(source.parent, staging)
        _run_otter_assign(staging / source.name, output, quiet)
        student = _student_notebook(output / "student" / source.name)
        student_dir = student_root / name
        student_dir.mkdir(parents=True, exist_ok=True)
        paths = {"student": student_dir / source.name}
        _write_notebook(student, paths["student"])
        for extra in (output / "student").iterdir():
            if extra.name != source.name:
                _copy(extra, student_dir / extra.name)
        (dist / name).mkdir(parents=True, exist_ok=True)
        zips = sorted((output / "autograder").glob(f"{name}-autograder_*.zip"))
        if len(zips) != 1:
            raise ReleaseError(f"otter assign made {len(zips)} autograder zips, expected 1")
        paths["zip"] = autograder_zip(name, dist)
        shutil.copyfile(zips[0], paths["zip"])
        paths["solution"] = dist / name / "solution.ipynb"
        solution = nbformat.read(output / "autograder" / source.name, as_version=4)
        solution.metadata["otter"] = student.metadata.get("otter", {})  # public tests only
        _write_notebook(_stable_ids(_without_markers(solution)), paths["solution"])
    return paths


def _stage(source_dir: Path, staging: Path) -> None:
    shutil.copytree(source_dir, staging)
    shipped = staging / "autograder"
    shipped.mkdir()
    for module in SHIPPED_MODULES:
        shutil.copyfile(ROOT / "autograder" / module, shipped / module)
    (staging / "requirements.txt").write_text("\n".join(grading_requirements()) + "\n")


def grading_requirements() -> list[str]:
    """The pins of GRADING_PACKAGES, read from the project's requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower()] = line.strip()
    missing = [p for p in GRADING_PACKAGES if p not in pins]
    if missing:
        raise ReleaseError(f"requirements.txt does not pin {missing}")
    return [pins[p] for p in GRADING_PACKAGES]


def _run_otter_assign(notebook: Path, output: Path, quiet: bool) -> None:
    otter = Path(sys.executable).parent / "otter"
    command = [str(otter) if otter.exists() else "otter", "assign", str(notebook), str(output)]
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run(command, cwd=notebook.parent, env=env, text=True,
                          capture_output=True)
    if done.returncode != 0:
        raise ReleaseError(f"otter assign failed for {notebook.name}:\n"
                           f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    if not quiet:
        print(f"otter assign: {notebook.name} built; its tests pass against the solution")


def _student_notebook(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = _raise_in_stubs(cell.source)
    return _stable_ids(notebook)


def _raise_in_stubs(source: str) -> str:
    """Replace the ``...`` Otter leaves for a removed solution inside a function with a raise."""
    lines, function = [], None
    for line in source.split("\n"):
        match = DEF_LINE.match(line)
        if match:
            function = match.group(1)
        stub = STUB_LINE.match(line)
        if stub and function:
            indent = stub.group(1)
            lines.append(f"{indent}# TODO: 在这里写你的代码 / write your code here")
            lines.append(f'{indent}raise NotImplementedError("请实现 {function} / implement '
                         f'{function}")')
        else:
            lines.append(line)
    return "\n".join(lines)


def _without_markers(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The posted solution reads better without Otter's ``# BEGIN/END SOLUTION`` lines."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n")
                                    if line.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION"))
    return notebook


def _stable_ids(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Otter gives some generated cells random ids; number them so output is reproducible."""
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    return notebook


def _write_notebook(notebook: nbformat.NotebookNode, path: Path) -> None:
    nbformat.validate(notebook)
    text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, target)


def main(argv: list[str] | None = None) -> int:
    names = argv or assignment_names()
    for name in names:
        paths = release(name)
        for kind, path in paths.items():
            print(f"  {kind:8} {path.relative_to(ROOT)}")
    return 0
