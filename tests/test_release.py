"""The release: generated files are in sync with their sources, and nothing secret leaks."""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import release
from autograder.grading import read_questions

ASSIGNMENTS = release.assignment_names()


def released_text(root: Path) -> str:
    """Every string in every file under ``root`` (notebook JSON decoded), one big text."""
    parts = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            parts.extend(_strings(json.loads(raw)))
        else:
            parts.append(raw)
    return "\n".join(parts)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def test_release_names_the_assignments():
    assert "param-init" in ASSIGNMENTS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_notebook_is_in_sync(built, name):
    committed = release.STUDENT_RELEASES / name / f"{name}.ipynb"
    assert committed.read_bytes() == built[name]["student"].read_bytes(), (
        f"{committed} is out of date with its source: run `make release` and commit it")
    fresh = {p.name: p for p in built[name]["student"].parent.iterdir()}  # helpers.py and such
    kept = {p.name: p for p in committed.parent.iterdir()}
    assert sorted(kept) == sorted(fresh), f"{committed.parent}: run `make release` and commit it"
    for file_name, path in fresh.items():
        assert kept[file_name].read_bytes() == path.read_bytes(), (
            f"{kept[file_name]} is out of date with its source: run `make release` and commit it")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_stubs_raise_not_implemented(built, name):
    notebook = nbformat.read(built[name]["student"], as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "# BEGIN SOLUTION" not in code and "# END SOLUTION" not in code
    defs = re.findall(r"^(?:def|class) (\w+)", code, flags=re.M)
    assert defs, "the student notebook defines no function stubs"
    autograded = [q for q in read_questions(release.source_notebook(name)) if not q.manual]
    assert code.count("raise NotImplementedError") >= len(autograded), \
        "every autograded question's code must be a stub that raises NotImplementedError"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_hidden_tests_and_solutions_never_reach_students(built, name):
    with zipfile.ZipFile(built[name]["zip"]) as archive:
        test_sources = [archive.read(n).decode() for n in archive.namelist()
                        if n.startswith("tests/")]
    hidden, public = [], []
    for source in test_sources:
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                decorator = ast.unparse(node.decorator_list[0]) if node.decorator_list else ""
                (hidden if "hidden=True" in decorator else public).append(ast.unparse(node))
    assert hidden, "no hidden tests found in the zip"
    public_lines = {line.strip() for src in public for line in src.splitlines()}
    fingerprints = {line.strip() for src in hidden for line in src.splitlines()
                    if len(line.strip()) >= 30 and line.strip() not in public_lines}
    fingerprints |= {re.search(r"^def (\w+)", src, re.M).group(1) for src in hidden}

    source = nbformat.read(release.source_notebook(name), as_version=4)
    teaching, solutions, block = [], [], None  # block: the raw-cell block we are in
    for cell in source.cells:
        marker = cell.source.strip() if cell.cell_type == "raw" else ""
        if marker in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
            block = marker
            continue
        if marker in ("# END SOLUTION", "# END TESTS"):
            block = None
            continue
        if block == "# BEGIN TESTS" or cell.cell_type == "raw":
            continue
        if block == "# BEGIN SOLUTION" and cell.cell_type == "markdown":
            solutions.extend(re.split(r"(?<=[。.!?])\s*", cell.source))
            continue
        marked = False
        for line in cell.source.splitlines():
            if line.strip() in ("# BEGIN SOLUTION", "# END SOLUTION"):
                marked = line.strip() == "# BEGIN SOLUTION"
            else:
                (solutions if marked else teaching).append(line.strip())
    teaching_lines = set(teaching)
    teaching_text = "\n".join(teaching)  # a hint may quote a line of code inside a sentence
    fingerprints -= teaching_lines  # a formula the notes teach openly is no secret
    solution_fingerprints = {line for line in solutions if len(line) >= 25
                             and line not in teaching_text and not line.startswith("#")}
    assert len(fingerprints) > 50 and len(solution_fingerprints) > 20
    solution_fingerprints |= reference_fingerprints(name, teaching_lines)

    text = released_text(built[name]["student"].parent)
    leaked = sorted(f for f in fingerprints | solution_fingerprints if f in text)
    assert not leaked, f"hidden tests or solutions in the student release: {leaked[:5]}"
    committed = released_text(release.STUDENT_RELEASES / name)
    leaked = sorted(f for f in fingerprints | solution_fingerprints if f in committed)
    assert not leaked, f"hidden tests or solutions under assignments/: {leaked[:5]}"


def reference_fingerprints(name: str, teaching_lines: set[str]) -> set[str]:
    """The code lines of the assignment's grader-only module (none: an empty set), less those the
    notebook's own text shows (a hint may quote a line)."""
    path = release.source_notebook(name).parent / release.REFERENCE
    if not path.is_file():
        return set()
    lines = {line.strip() for line in path.read_text().splitlines()}
    teaching_text = "\n".join(teaching_lines)
    found = {line for line in lines if len(line) >= 30 and line not in teaching_text
             and not line.startswith(("#", "import ", "from "))}
    assert found, f"{path} has no code lines"
    return found


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_reference_module_ships_in_the_zip_only(built, name):
    """reference.py (grader-only) is in the zip for Otter's tests, never beside the notebook."""
    if not (release.source_notebook(name).parent / release.REFERENCE).is_file():
        pytest.skip("no reference.py")
    with zipfile.ZipFile(built[name]["zip"]) as archive:
        assert release.REFERENCE_IN_ZIP in archive.namelist()
    assert not (built[name]["student"].parent / release.REFERENCE).exists()
    assert not (release.STUDENT_RELEASES / name / release.REFERENCE).exists()


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_zip_ships_checks_and_pins_torch(built, name):
    with zipfile.ZipFile(built[name]["zip"]) as archive:
        names = set(archive.namelist())
        environment = archive.read("environment.yml").decode()
    assert {"files/autograder/checks.py", "files/autograder/channel.py"} <= names
    assert not {n for n in names if n.startswith("files/autograder/")} - {
        f"files/autograder/{m}" for m in release.SHIPPED_MODULES}, "only the test-side modules ship"
    assert "torch==2.13.0" in environment
    assert any(n.startswith("tests/q") for n in names)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_posted_solution_has_no_hidden_tests(built, name):
    notebook = nbformat.read(built[name]["solution"], as_version=4)
    tests = notebook.metadata.get("otter", {}).get("tests", {})
    assert tests and all("hidden=True" not in src for src in tests.values())
