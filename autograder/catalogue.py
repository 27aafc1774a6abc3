"""The catalogue of right and wrong answers that proves an assignment's graders.

``tests/catalogue/<assignment>/*.py`` holds one student answer per file: a YAML docstring
(``question``, ``verdict: correct|wrong``, for wrong ones ``expect``: a phrase the failure message
must contain, and ``about``), then the code of one function. An entry is graded as the solution
with that one function replaced, by the real hidden tests. A correct entry must get full marks; a
wrong one must lose points on its own question only, with the expected diagnosis.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import release
from .grading import Assignment, Grade, grade_in_process

CATALOGUES = release.ROOT / "tests" / "catalogue"


@dataclass
class Entry:
    path: Path
    question: str
    verdict: str
    expect: str
    about: str
    code: str

    @property
    def name(self) -> str:
        return self.path.stem


def load(assignment: str) -> list[Entry]:
    folder = CATALOGUES / assignment
    entries = []
    for path in sorted(folder.glob("*.py")):
        code = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(ast.get_docstring(ast.parse(code)) or "") or {}
        if meta.get("verdict") not in ("correct", "wrong") or "question" not in meta:
            raise ValueError(f"{path}: the docstring needs question and verdict: correct|wrong")
        if meta["verdict"] == "wrong" and not meta.get("expect"):
            raise ValueError(f"{path}: a wrong entry needs `expect`, the diagnosis it must get")
        entries.append(Entry(path, str(meta["question"]), meta["verdict"],
                             str(meta.get("expect", "")), str(meta.get("about", "")), code))
    return entries


def defined_functions(code: str) -> list[str]:
    """The functions and classes a piece of code defines at its top level."""
    return [node.name for node in ast.parse(code).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))]


def function_cell(notebook, name: str) -> int | None:
    """Index of the code cell that defines function or class ``name`` at the top level, if any."""
    pattern = re.compile(rf"^(def\s+{re.escape(name)}\s*\(|class\s+{re.escape(name)}\s*[(:])",
                         re.MULTILINE)
    return next((i for i, c in enumerate(notebook.cells)
                 if c.cell_type == "code" and pattern.search(c.source)), None)


def without_docstring(code: str) -> str:
    """An entry's code without its YAML docstring (students do not write one)."""
    first = ast.parse(code).body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        code = "\n".join(code.splitlines()[first.end_lineno:])
    return code.strip() + "\n"


def notebook_with(notebook_path: Path, codes: list[str]):
    """A notebook (e.g. the solution) with the cell of each function that ``codes`` define
    replaced by that code: how a catalogue entry becomes a submission."""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    for code in codes:
        for name in defined_functions(code):
            index = function_cell(notebook, name)
            if index is not None:
                notebook.cells[index].source = without_docstring(code)
                notebook.cells[index].outputs = []
    return notebook


def solution_namespace(assignment: str) -> dict:
    """Run the released solution's code cells in this process (trusted code) and return its names."""
    import contextlib
    import io

    from .sandbox import read_notebook_cells, run_cells

    cells = read_notebook_cells(str(release.DIST / assignment / "solution.ipynb"))
    Assignment.load(assignment).reference_module()  # `import helpers` in a cell finds this one's
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return dict(run_cells(cells)["namespace"])


def grade_entry(assignment: Assignment, entry: Entry, solution: dict, seed: int | None = None):
    namespace = dict(solution)
    assignment.helpers_module()  # what `import helpers` finds, should the entry import it
    exec(compile(entry.code, str(entry.path), "exec"), namespace)  # noqa: S102 (trusted test data)
    return grade_in_process(assignment, namespace, seed)


@dataclass
class Outcome:
    entry: Entry
    grade: Grade
    ok: bool
    detail: str


def judge(entry: Entry, grade: Grade) -> Outcome:
    """Did the graders treat this entry as the catalogue says they must?"""
    by_name = {q.name: q for q in grade.questions}
    own = by_name.get(entry.question)
    if own is None:
        return Outcome(entry, grade, False, f"no question {entry.question}")
    others_full = all(q.points == q.possible for q in grade.questions
                      if q.name != entry.question and not q.manual)
    messages = [c.message for c in own.cases if not c.passed]
    first = messages[0].splitlines()[-1] if messages else ""
    if entry.verdict == "correct":
        ok = own.points == own.possible and others_full
        return Outcome(entry, grade, ok, "full marks" if ok else f"lost points: {first}")
    if own.points >= own.possible:
        return Outcome(entry, grade, False, "not caught: full marks")
    if not others_full:
        return Outcome(entry, grade, False, "lost points on other questions too")
    if not any(entry.expect in m for m in messages):
        return Outcome(entry, grade, False, f"caught, but the diagnosis was: {first}")
    return Outcome(entry, grade, True, first)


def table(outcomes: list[Outcome]) -> str:
    """A plain-text table: one row per entry, then the rates."""
    rows = [("entry", "verdict", "points", "result", "message")]
    for o in outcomes:
        own = next(q for q in o.grade.questions if q.name == o.entry.question)
        rows.append((o.entry.name, o.entry.verdict, f"{own.points:g}/{own.possible:g}",
                     "ok" if o.ok else "FAIL", o.detail[:90]))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows]
    wrong = [o for o in outcomes if o.entry.verdict == "wrong"]
    right = [o for o in outcomes if o.entry.verdict == "correct"]
    lines.append("")
    lines.append(f"wrong implementations caught with the expected diagnosis: "
                 f"{sum(o.ok for o in wrong)}/{len(wrong)} "
                 f"({100 * sum(o.ok for o in wrong) / max(len(wrong), 1):.0f} %)")
    lines.append(f"correct implementations accepted with full marks: "
                 f"{sum(o.ok for o in right)}/{len(right)} "
                 f"({100 * sum(o.ok for o in right) / max(len(right), 1):.0f} %)")
    return "\n".join(lines)


def run(assignment_name: str) -> list[Outcome]:
    assignment = Assignment.load(assignment_name)
    solution = solution_namespace(assignment_name)
    return [judge(e, grade_entry(assignment, e, solution)) for e in load(assignment_name)]
