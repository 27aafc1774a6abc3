"""A known-answer self-test, run before a batch is graded.

A fault of the machine or of the kit (a package the sandbox cannot see, a broken install, a
hidden test that passes anything) looks, from inside one submission, exactly like a student's
mistake: every student gets 0 with "function not defined", or everyone gets full marks. So before
grading a class the kit grades two submissions whose scores it knows, in the sandbox, exactly as it
grades a student's:

* the assignment's own solution (``dist/<name>/solution.ipynb``) must get full marks;
* the unchanged student release (``assignments/<name>/<name>.ipynb``) must get 0 on every
  autograded question. It is checked once per output folder and grader version (a marker file),
  since only a change of the tests can change its outcome.

If either is off, nothing is graded. The message names the fault: the score, the cell errors,
the imports that fail in the sandbox, and the sandbox's view of the folders Python loads from.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import release
from .grading import Assignment, Grade, grade_in_sandbox, submission_seed
from .sandbox import Limits, Sandbox, read_notebook_cells

MARKER = ".selftest.json"  # in the output folder: the release was checked for this version


class SelfTestFailed(Exception):
    """The environment cannot grade this assignment; the message is bilingual and says why."""


@dataclass
class Known:
    """A submission whose outcome is known in advance."""

    label_zh: str
    label_en: str
    path: Path
    full_marks: bool  # True: must get every point; False: must get none


def check_environment(assignment: Assignment, limits: Limits, out: Path,
                      hide: list[str] | None = None, student_root: Path = release.STUDENT_RELEASES,
                      dist: Path = release.DIST, log=None) -> None:
    """Grade the known submissions in the sandbox; raise SelfTestFailed if one is off."""
    knowns = [Known("参考答案", "the assignment's solution",
                    dist / assignment.name / "solution.ipynb", True)]
    marker = out / MARKER
    if _marker_version(marker) != assignment.version:
        knowns.append(Known("未修改的学生版笔记本", "the unchanged student release",
                            student_root / assignment.name / f"{assignment.name}.ipynb", False))
    for known in knowns:
        cells = read_notebook_cells(str(known.path))
        grade = grade_in_sandbox(assignment, cells, submission_seed(known.path.read_bytes()),
                                 limits, hide=hide)
        problem = _problem(grade, known)
        if problem:
            raise SelfTestFailed(_message(known, grade, problem, cells, limits, hide))
        if log:
            log(f"self-test: {known.label_en} scores {grade.total:g}/{grade.possible:g} in the "
                "sandbox, as it must")
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"version": assignment.version}), encoding="utf-8")


def _marker_version(marker: Path) -> str | None:
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None


def _problem(grade: Grade, known: Known) -> tuple[str, str] | None:
    if grade.status != "graded":
        return (f"状态是 {grade.status}：{grade.reason}", f"its status is {grade.status}: "
                f"{grade.reason}")
    if known.full_marks and grade.total < grade.possible:
        return (f"只得了 {grade.total:g}/{grade.possible:g} 分（应为满分）",
                f"it scored {grade.total:g}/{grade.possible:g} (it must get full marks)")
    if not known.full_marks and grade.total > 0:
        return (f"得了 {grade.total:g}/{grade.possible:g} 分（应为 0 分：隐藏测试放过了未完成的代码）",
                f"it scored {grade.total:g}/{grade.possible:g} (it must get 0: the hidden tests "
                "let unfinished code pass)")
    return None


def _message(known: Known, grade: Grade, problem: tuple[str, str], cells: list[str],
             limits: Limits, hide: list[str] | None) -> str:
    zh, en = problem
    lines = [
        "自检失败：评分环境有问题，没有评任何提交。",
        f"  在沙箱里评{known.label_zh}（{known.path}）：{zh}。",
        "self-test failed: the grading environment is broken, so nothing was graded.",
        f"  {known.label_en} ({known.path}), graded in the sandbox: {en}.",
    ]
    if grade.cell_errors:
        lines.append("cell errors / 单元格错误:")
        lines += [f"  cell {e.get('cell')}: {e.get('type')}: {str(e.get('message'))[:300]}"
                  for e in grade.cell_errors[:10]]
    failed = list(dict.fromkeys(f"  {q.name}: {c.message.splitlines()[-1][:200]}"
                                for q in grade.questions for c in q.cases if not c.passed))[:8]
    if failed and known.full_marks:
        lines.append("failed tests / 未通过的测试:")
        lines += failed
    lines += _sandbox_view(imported_modules(cells), limits, hide)
    lines.append("The kit, its virtual environment and Python itself must live outside /tmp, "
                 "/var/tmp, /dev/shm, the class folder and the output folder: the sandbox covers "
                 "those with empty folders (README: \"Where the kit may live\"). / 评分工具、虚拟环境"
                 "和 Python 本身不能放在 /tmp、/var/tmp、/dev/shm、提交文件夹或输出文件夹里：沙箱会用"
                 "空文件夹盖住它们。")
    return "\n".join(lines)


def imported_modules(cells: list[str]) -> list[str]:
    """The top-level modules that the cells import (a cell that cannot be parsed imports none)."""
    names: set[str] = set()
    for source in cells:
        with contextlib.suppress(release.ReleaseError):
            names |= release.top_level_imports(source)
    return sorted(names)


# Run in a sandbox child as an ordinary cell: trusted kit code, reporting as plain data.
PROBE = '''
def kit_environment_probe(modules):
    import importlib, os, sys
    view = []
    for folder in [p for p in sys.path if p]:
        try:
            entries = len(os.listdir(folder))
            view.append([folder, "visible, %d entries" % entries if entries
                         else "EMPTY in the sandbox"])
        except OSError as error:
            view.append([folder, "NOT VISIBLE in the sandbox (%s)" % type(error).__name__])
    imports = []
    for name in modules:
        try:
            importlib.import_module(name)
        except BaseException as error:
            imports.append([name, "%s: %s" % (type(error).__name__, str(error)[:200])])
    return {"path": view, "imports": imports, "executable": sys.executable,
            "executable_visible": os.path.exists(sys.executable), "cwd": os.getcwd()}
'''


def _sandbox_view(modules: list[str], limits: Limits, hide: list[str] | None) -> list[str]:
    """What a child sees: which folders on sys.path are there, which imports fail."""
    try:
        with Sandbox([PROBE], limits, hide=hide) as box:
            box.run_notebook()
            view = box.session.function("kit_environment_probe")(modules)
    except Exception as error:  # the probe is a diagnosis: it must never hide the real fault
        return [f"(the sandbox's view could not be read: {type(error).__name__}: {error})"]
    lines = ["imports that fail in the sandbox / 沙箱里失败的导入:"]
    lines += [f"  {name}: {why}" for name, why in view["imports"]] or ["  (none / 没有)"]
    lines.append("the sandbox's view of sys.path / 沙箱看到的 sys.path:")
    for folder, state in view["path"]:
        if state.startswith("NOT VISIBLE") and not os.path.exists(folder):
            state = "does not exist, outside the sandbox either (harmless)"
        lines.append(f"  {folder}: {state}")
    if not view["executable_visible"]:
        lines.append(f"  the interpreter {view['executable']} is not visible in the sandbox")
    return lines
