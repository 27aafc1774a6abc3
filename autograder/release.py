"""Releasing an assignment: from the instructor's source notebook to what is handed out.

    solutions/<name>/<name>.ipynb     the source (Otter Assign format: solutions and tests inside)
      -> assignments/<name>/<name>.ipynb   student notebook: stubs and public tests (committed)
      -> dist/<name>/autograder.zip        Otter's Gradescope zip and its grading environment
      -> dist/<name>/solution.ipynb        solutions with public tests only, for posting later

Otter Assign does the real work. This module adds what it does not do:
* it ships ``autograder/checks.py`` and the channel's modules (what hidden tests import) inside the
  zip, through the source notebook's ``autograder_files: [autograder]``, and declares the grading
  environment through ``requirements: requirements.txt`` — both staged next to a copy of the
  notebook; it adds the assignment's ``helpers.py`` (if any) to the staged copy's ``files``, so
  Otter puts it into the zip and beside the student notebook. That environment is every package
  the assignment's code imports, pinned exactly as in the project's requirements.txt, with torch
  as its CPU build from PyTorch's CPU wheel index;
* it turns Otter's ``...`` stubs into ``raise NotImplementedError`` so that an unfinished function
  fails loudly instead of returning ``Ellipsis``;
* it keeps hidden tests out of the posted solution, and gives cells stable ids so the committed
  student notebook is byte-for-byte reproducible.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.metadata
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
# An assignment's helper module (public code next to its source notebook): staged into the zip
# (found there by the grader under HELPERS_IN_ZIP) and beside the student notebook.
HELPERS = "helpers.py"
HELPERS_IN_ZIP = f"files/{HELPERS}"
# An assignment's grader-only module (reference answers and the checks built on them): staged
# into the zip (for Otter's tests) and loaded by the kit's grading process only. It is never handed
# out and never loaded where student code runs in the sandbox.
REFERENCE = "reference.py"
REFERENCE_IN_ZIP = f"files/{REFERENCE}"
SHIPPED_MODULES = ("__init__.py", "channel.py", "checks.py", "proxies.py", "serve.py",
                   "watch.py", "wire.py")
# PyTorch's own index of CPU-only wheels. On Linux, PyPI's torch wheel is the CUDA build (several
# GB, useless on Gradescope); the CPU build is published only here, as version "<X>+cpu".
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PIN_LINE = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")
STUB_LINE = re.compile(r"^(\s*)\.\.\.\s*$")
DEF_LINE = re.compile(r"^\s*def\s+(\w+)\s*\(")
CLASS_LINE = re.compile(r"^class\s+(\w+)\s*[(:]")


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
            if extra.name == REFERENCE or extra.name == source.name:
                continue
            if extra.name != HELPERS or _imports_helpers(student):
                _copy(extra, student_dir / extra.name)
        if not _imports_helpers(student):  # grader-side only: not handed out (see _imports_helpers)
            (student_dir / HELPERS).unlink(missing_ok=True)
        (student_dir / REFERENCE).unlink(missing_ok=True)  # never handed out
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
    for module in (HELPERS, REFERENCE):
        if (staging / module).is_file():
            _add_to_otter_files(staging / f"{source_dir.name}.ipynb", module)
    requirements = grading_requirements(source_dir / f"{source_dir.name}.ipynb")
    (staging / "requirements.txt").write_text("\n".join(requirements) + "\n")


def _add_to_otter_files(notebook_path: Path, name: str) -> None:
    """List ``name`` in the staged notebook's ``files``: Otter then puts it into the zip (beside
    the notebook when tests run) and beside the student notebook."""
    import yaml

    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "raw" and cell.source.lstrip().startswith("# ASSIGNMENT CONFIG"):
            config = yaml.safe_load(cell.source) or {}
            config["files"] = sorted(set(config.get("files") or []) | {name})
            cell.source = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, allow_unicode=True,
                                                                   sort_keys=False)
            nbformat.write(notebook, notebook_path)
            return
    raise ReleaseError(f"{notebook_path.name} has no ASSIGNMENT CONFIG cell")


def grading_requirements(notebook: Path) -> list[str]:
    """The pip requirements of the zip's grading environment: the pin in requirements.txt of every
    distribution the assignment imports; torch as the CPU build of its pin, from PyTorch's index.

    Otter appends these lines to the pip list of the zip's environment.yml, and mamba hands that
    list to ``pip install -r``, so an index option line is allowed. With an extra index pip takes
    the best match across all indexes: a bare ``torch==X`` also matches PyPI's CUDA wheel and
    quietly falls back to it whenever the CPU index has no wheel for the platform or cannot be
    reached; ``torch==X+cpu`` matches only the CPU build, so such a build fails loudly instead."""
    pins = project_pins()
    lines = []
    for distribution in imported_distributions(notebook):
        name, version = pins[distribution]
        if distribution == "torch":
            lines.insert(0, f"--extra-index-url {TORCH_CPU_INDEX}")
            version = version.split("+")[0] + "+cpu"
        lines.append(f"{name}=={version}")
    return lines


def project_pins() -> dict[str, tuple[str, str]]:
    """requirements.txt's exact pins: normalised distribution name -> (name as written, version)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = PIN_LINE.match(line.strip())
        if match:
            pins[normalised_name(match.group(1))] = (match.group(1), match.group(2))
    return pins


def imported_distributions(notebook: Path) -> list[str]:
    """The distributions (normalised names) that provide what the assignment imports, mapped by the
    installed packages' own metadata (``sklearn`` is provided by scikit-learn)."""
    pins, providers = project_pins(), importlib.metadata.packages_distributions()
    distributions, unpinned = set(), []
    for module in sorted(imported_modules(notebook)):
        pinned = {normalised_name(d) for d in providers.get(module, [])} & pins.keys()
        distributions |= pinned
        if not pinned:
            unpinned.append(module)
    if unpinned:
        raise ReleaseError(
            f"{notebook.name} (or a module shipped with it) imports {', '.join(unpinned)}, which "
            f"requirements.txt does not pin: add the package that provides it as an exact pin "
            f"(name==version), run `make setup`, then release again")
    return sorted(distributions)


def imported_modules(notebook: Path) -> set[str]:
    """Top-level modules imported by the notebook's code cells, by the Python files next to it
    (helpers shipped with the assignment) and by the shipped autograder modules, less the standard
    library and those local modules themselves."""
    own_files = sorted(notebook.parent.rglob("*.py"))
    sources = notebook_code(notebook) + [path.read_text() for path in own_files]
    sources += [(ROOT / "autograder" / module).read_text() for module in SHIPPED_MODULES]
    local = {"autograder"} | {p.relative_to(notebook.parent).parts[0].removesuffix(".py")
                              for p in own_files}
    imported = {module for source in sources for module in top_level_imports(source)}
    return imported - local - set(sys.stdlib_module_names)


def notebook_code(notebook: Path) -> list[str]:
    """The notebook's code cells as plain Python (IPython magics turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    return [transformer.transform_cell(cell.source)
            for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]


def top_level_imports(source: str) -> set[str]:
    """``import a.b`` and ``from a.b import c`` give ``a``; relative imports give nothing."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ReleaseError(f"cannot read the imports of this code ({error}):\n{source[:500]}")
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def normalised_name(distribution: str) -> str:
    """PEP 503 name: Jinja2 and jinja2, typing_extensions and typing-extensions are the same."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


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


def _imports_helpers(notebook: nbformat.NotebookNode) -> bool:
    """Whether the student notebook imports the assignment's helper module. Only then is it handed
    out beside the notebook; otherwise it serves the hidden tests alone (the zip and the sandbox
    have it), and the less of the grader's code students hold, the better."""
    module = HELPERS.removesuffix(".py")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            with contextlib.suppress(ReleaseError):  # a magic line: such a cell imports nothing
                if module in top_level_imports(cell.source):
                    return True
    return False


def _raise_in_stubs(source: str) -> str:
    """Replace the ``...`` Otter leaves for a removed solution inside a function with a raise.

    A method's stub names its class too (``TwoLayer.forward``), so the student knows where it is."""
    lines, function, owner = [], None, None
    for line in source.split("\n"):
        if CLASS_LINE.match(line):
            owner = CLASS_LINE.match(line).group(1)
        elif line[:1].strip():  # anything else at the top level ends the class
            owner = None
        match = DEF_LINE.match(line)
        if match:
            method = owner and line[:1].isspace()
            function = f"{owner}.{match.group(1)}" if method else match.group(1)
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
