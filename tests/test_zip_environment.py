"""The Gradescope zip declares a complete grading environment, and only what it needs.

The proof: a fresh virtual environment built from nothing but the pip requirements the zip declares
imports every module the student notebook imports, and in it Otter grades the solution full marks
and the untouched student release zero, with no notebook cell failing on an import. The conda part
of the zip's environment.yml (Python, pip, jupyter_server) cannot be rebuilt here and is left out.

The environment is cached under .venv-cache/zip-env-<hash of its requirements>/: the first run
builds it (about a minute), later runs reuse it; equal requirements share one environment.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.parse
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder import release

ASSIGNMENTS = release.assignment_names()
CACHE = release.ROOT / ".venv-cache"
FINISHED = "finished"  # written last: an environment without it is half-built and rebuilt
CPU_INDEX_LINE = f"--extra-index-url {release.TORCH_CPU_INDEX}"

# Imports each module named on the command line; prints the failures as JSON on the last line.
IMPORT_CHECK = """
import importlib, json, sys
failed = {}
for module in sys.argv[1:]:
    try:
        importlib.import_module(module)
    except Exception as error:
        failed[module] = f"{type(error).__name__}: {error}"
print(json.dumps(failed))
"""

# Grades one notebook with the function the `otter run` command calls (it writes the same
# results.json), and also records the errors of the notebook's cells as Otter executed them.
GRADE = """
import json, sys
from jupyter_client.kernelspec import KernelSpecManager
from otter.run import main as otter_run

submission, autograder, out = sys.argv[1:]
results = otter_run(submission, autograder=autograder, output_dir=out, no_logo=True)
errors = [{"ename": output.ename, "evalue": output.evalue}
          for cell in results.notebook.cells if cell.cell_type == "code"
          for output in cell.get("outputs", []) if output.output_type == "error"]
kernel_python = KernelSpecManager().get_kernel_spec("python3").argv[0]
with open(f"{out}/cells.json", "w") as f:
    json.dump({"errors": errors, "kernel_python": kernel_python}, f)
"""


def declared_pip_requirements(zip_path: Path) -> list[str]:
    """The pip lines the zip declares: the pip list of its environment.yml (where Otter puts the
    lines of the assignment's requirements.txt), plus a requirements.txt should the zip ship one."""
    with zipfile.ZipFile(zip_path) as archive:
        environment = yaml.safe_load(archive.read("environment.yml"))
        shipped = (archive.read("requirements.txt").decode().splitlines()
                   if "requirements.txt" in archive.namelist() else [])
    lines = [line for dependency in environment["dependencies"] if isinstance(dependency, dict)
             for line in dependency.get("pip", [])]
    return [line.strip() for line in lines + shipped
            if line.strip() and not line.strip().startswith("#")]


def installable_here(declared: list[str]) -> list[str]:
    """The declared lines, less PyTorch's CPU index where this machine cannot reach it (pip would
    try it for every package); then the very ``torch==X+cpu`` pin must be found in this machine's
    own package sources: PyPI has no ``+cpu`` build."""
    unknown = [line for line in declared if line.startswith("-") and line != CPU_INDEX_LINE]
    assert not unknown, f"the zip declares pip options this test cannot reproduce: {unknown}"
    if reachable(release.TORCH_CPU_INDEX):
        return declared
    return [line for line in declared if line != CPU_INDEX_LINE]


def reachable(url: str) -> bool:
    try:
        socket.create_connection((urllib.parse.urlsplit(url).hostname, 443), timeout=5).close()
    except OSError:
        return False
    return True


def isolated_env() -> dict[str, str]:
    """The environment for commands run in the zip's venv: nothing leaks in from the project's."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND")}
    env.update(PYTHONNOUSERSITE="1", JUPYTER_PREFER_ENV_PATH="1")
    return env


def run(command: list, timeout: int, cwd: Path | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=isolated_env(), text=True,
                          capture_output=True, timeout=timeout)
    assert done.returncode == 0, (f"{' '.join(map(str, command))[:300]} failed:\n"
                                  f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def zip_environment(requirements: list[str]) -> Path:
    """A virtual environment with exactly ``requirements`` installed, built once and cached."""
    key = hashlib.sha256(json.dumps([sys.version, requirements]).encode()).hexdigest()[:16]
    venv = CACHE / f"zip-env-{key}"
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / f"zip-env-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run may be building the same one
        if not (venv / FINISHED).is_file():
            shutil.rmtree(venv, ignore_errors=True)
            run([sys.executable, "-m", "venv", venv], timeout=300)
            (venv / "requirements.txt").write_text("\n".join(requirements) + "\n")
            run([venv / "bin" / "python", "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", "-r", venv / "requirements.txt"], timeout=1800)
            # Otter runs the notebook in the kernel named python3; register this venv's own.
            run([venv / "bin" / "python", "-m", "ipykernel", "install", "--sys-prefix",
                 "--name", "python3"], timeout=300)
            (venv / FINISHED).write_text("\n".join(requirements) + "\n")
    return venv


@pytest.fixture(scope="module")
def zip_envs(built) -> dict[str, Path]:
    return {name: zip_environment(installable_here(declared_pip_requirements(built[name]["zip"])))
            for name in ASSIGNMENTS}


def student_release(name: str) -> Path:
    return release.STUDENT_RELEASES / name / f"{name}.ipynb"


def grade(venv: Path, zip_path: Path, notebook: Path, name: str, workdir: Path) -> dict:
    """Grade ``notebook`` in ``venv``: per question (score, max score), cell errors, kernel."""
    submission, out = workdir / "submission" / f"{name}.ipynb", workdir / "out"
    submission.parent.mkdir(parents=True)
    out.mkdir()
    shutil.copyfile(notebook, submission)  # under the name its otter.Notebook(...) cell opens
    run([venv / "bin" / "python", "-c", GRADE, submission, zip_path, out], timeout=600,
        cwd=workdir)
    tests = json.loads((out / "results.json").read_text())["tests"]
    graded = json.loads((out / "cells.json").read_text())
    graded["scores"] = {t["name"]: (t["score"], t["max_score"]) for t in tests if "score" in t}
    return graded


def import_errors(graded: dict) -> list[dict]:
    return [e for e in graded["errors"] if e["ename"] in ("ModuleNotFoundError", "ImportError")]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_zip_pins_exactly_and_takes_torch_cpu_build(built, name):
    declared = declared_pip_requirements(built[name]["zip"])
    pins = release.project_pins()
    packages = [line for line in declared
                if not line.startswith("-") and not line.startswith("otter-grader[")]
    assert packages, "the zip declares no package of the assignment's own"
    for line in packages:
        distribution, _, version = line.partition("==")
        pinned = pins.get(release.normalised_name(distribution))
        assert pinned, f"{line!r} is not pinned in requirements.txt"
        if release.normalised_name(distribution) == "torch":
            assert version == pinned[1].split("+")[0] + "+cpu", f"{line!r} is not the CPU build"
            assert CPU_INDEX_LINE in declared, "torch is declared without PyTorch's CPU index"
        else:
            assert version == pinned[1], f"{line!r} differs from requirements.txt"


def test_helper_modules_count_and_unpinned_imports_are_release_errors(tmp_path):
    source = tmp_path / "demo" / "demo.ipynb"
    source.parent.mkdir()
    code = "%matplotlib inline\nimport math\nimport helpers\nfrom helpers import plot"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), source)
    helper = source.parent / "helpers.py"
    helper.write_text("import matplotlib.pyplot as plt\nfrom . import sibling\n")
    requirements = release.grading_requirements(source)
    matplotlib, version = release.project_pins()["matplotlib"]
    assert f"{matplotlib}=={version}" in requirements  # imported only by helpers.py
    assert not any("helpers" in line for line in requirements)

    helper.write_text("import surely_no_such_package_here\n")
    with pytest.raises(release.ReleaseError, match="surely_no_such_package_here.*does not pin"):
        release.grading_requirements(source)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_zip_environment_imports_what_the_student_notebook_imports(zip_envs, name):
    student = student_release(name)
    imported = set().union(*map(release.top_level_imports, release.notebook_code(student)))
    modules = sorted(imported - set(sys.stdlib_module_names))
    assert modules
    done = run([zip_envs[name] / "bin" / "python", "-c", IMPORT_CHECK, *modules], timeout=300,
               cwd=student.parent)
    failed = json.loads(done.stdout.splitlines()[-1])
    assert not failed, f"not importable from the zip's environment alone: {failed}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_zip_environment_grades_solution_full_and_student_release_zero(built, zip_envs, name,
                                                                       tmp_path):
    zip_path, venv = built[name]["zip"], zip_envs[name]
    with zipfile.ZipFile(zip_path) as archive:
        questions = {Path(n).stem for n in archive.namelist()
                     if n.startswith("tests/") and n.endswith(".py")}
    solution = grade(venv, zip_path, built[name]["solution"], name, tmp_path / "solution")
    student = grade(venv, zip_path, student_release(name), name, tmp_path / "student")
    for graded in (solution, student):
        assert Path(graded["kernel_python"]).parent == venv / "bin", "kernel outside the venv"
        assert set(graded["scores"]) == questions
        assert not import_errors(graded), f"cells failed on an import: {import_errors(graded)}"
    assert solution["errors"] == [], "the solution should run from top to bottom without an error"
    assert all(score == most > 0 for score, most in solution["scores"].values()), solution
    assert all(score == 0 for score, _ in student["scores"].values()), student["scores"]
