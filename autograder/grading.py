"""Grading one submission: an assignment's hidden tests against a student's functions.

The tests are the ones in the assignment's Gradescope zip (Otter's exception-based test files, built
by ``make release``), so the kit and Otter grade with the very same code. Here they run in the
grading process with the student's functions filled in as channel proxies to a sandboxed child
(``grade_in_sandbox``), or — for trusted code only, such as the catalogue and the solution — as
plain functions in this process (``grade_in_process``).
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from . import channel, checks, release, serve, tricks
from .sandbox import Limits, Sandbox, notebook_cells


@dataclass
class CaseResult:
    name: str
    points: float
    possible: float
    passed: bool
    hidden: bool
    message: str = ""


@dataclass
class QuestionResult:
    name: str
    points: float
    possible: float
    manual: bool = False
    cases: list[CaseResult] = field(default_factory=list)


@dataclass
class Grade:
    questions: list[QuestionResult]
    status: str = "graded"          # graded | error | timeout | killed
    reason: str = ""
    cell_errors: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(q.points for q in self.questions if not q.manual)

    @property
    def possible(self) -> float:
        return sum(q.possible for q in self.questions if not q.manual)

    def points(self) -> dict[str, float]:
        return {q.name: q.points for q in self.questions}


@dataclass
class Question:
    name: str
    points: float
    manual: bool


class Assignment:
    """An assignment as the grader sees it: its questions and the hidden tests from its zip."""

    def __init__(self, name: str, zip_path: Path, questions: list[Question], test_sources: dict,
                 helpers_source: str | None = None, reference_source: str | None = None):
        from otter.test_files.exception_test import ExceptionTestFile

        self.name, self.zip_path, self.questions = name, zip_path, questions
        self.test_sources = test_sources
        self.helpers_source = helpers_source  # the assignment's helper module, as in the zip
        self._helpers = None
        self.reference_source = reference_source  # the grader-only module, as in the zip
        self._reference = None
        self.test_files = {q: ExceptionTestFile.from_string(src, path=f"tests/{q}.py")
                           for q, src in sorted(test_sources.items())}
        digest = hashlib.sha256()
        for q, src in sorted(test_sources.items()):
            digest.update(q.encode() + b"\0" + src.encode() + b"\0")
        digest.update((helpers_source or "").encode() + b"\0")
        digest.update((reference_source or "").encode() + b"\0")
        for module in release.SHIPPED_MODULES:
            digest.update((Path(release.ROOT) / "autograder" / module).read_bytes())
        self.version = digest.hexdigest()[:16]

    def helpers_module(self):
        """The helper module in this process (trusted: the instructor's public code), loaded once
        and registered as ``helpers``; None if the assignment has none."""
        if self.helpers_source is not None and self._helpers is None:
            self._helpers = serve.load_helpers(self.helpers_source)
        if self._helpers is not None:
            sys.modules["helpers"] = self._helpers
        return self._helpers

    def reference_module(self):
        """The grader-only module in this process, loaded once and registered as ``reference``
        (it may import ``helpers``, loaded first); None if the assignment has none."""
        self.helpers_module()
        if self.reference_source is not None and self._reference is None:
            self._reference = serve.load_helpers(self.reference_source, name="reference")
        if self._reference is not None:
            sys.modules["reference"] = self._reference
        return self._reference

    def use_in_checks(self, session=None) -> None:
        """Point ``checks`` at this assignment's modules (and at the sandbox's session, if any)."""
        checks.use_helpers(self.helpers_module(), session=session,
                           reference=self.reference_module())

    @classmethod
    def load(cls, name: str, dist: Path = release.DIST) -> "Assignment":
        zip_path = release.autograder_zip(name, dist)
        if not zip_path.is_file():
            raise release.ReleaseError(
                f"{zip_path} does not exist: run `make release` first")
        with zipfile.ZipFile(zip_path) as archive:
            sources = {Path(n).stem: archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.startswith("tests/") and n.endswith(".py")}
            names = archive.namelist()
            helpers, reference = (archive.read(n).decode("utf-8") if n in names else None
                                  for n in (release.HELPERS_IN_ZIP, release.REFERENCE_IN_ZIP))
        return cls(name, zip_path, read_questions(release.source_notebook(name)), sources, helpers,
                   reference)

    def function_names(self) -> list[str]:
        names = set()
        for test_file in self.test_files.values():
            for case in test_file.test_cases:
                names.update(p for p in case.body._get_func_params() if p != "env")
        return sorted(names)


def read_questions(notebook_path: Path) -> list[Question]:
    """The questions declared by ``# BEGIN QUESTION`` cells of an Otter Assign source notebook."""
    notebook = nbformat.read(notebook_path, as_version=4)
    questions = []
    for cell in notebook.cells:
        lines = cell.source.strip().splitlines()
        if cell.cell_type == "raw" and lines and lines[0].strip() == "# BEGIN QUESTION":
            config = yaml.safe_load("\n".join(lines[1:])) or {}
            questions.append(Question(str(config["name"]), float(config.get("points", 0)),
                                      bool(config.get("manual", False))))
    return questions


def submission_seed(content: bytes) -> int:
    """The grading seed of a submission: fixed by its content, so a regrade gives the same score."""
    return zlib.crc32(content) ^ checks.CONFIGURED_SEED


def run_hidden_tests(assignment: Assignment, env: dict, seed: int,
                     flags: list[str] | None = None) -> list[QuestionResult]:
    """Run the hidden test cases; they alone carry points.

    Public cases (0 points) are left to ``grader.check`` in the student's kernel: some pass local
    closures to the student's functions, which a channel cannot carry.
    """
    checks.set_base_seed(seed)
    results = []
    for question in assignment.questions:
        if question.manual:
            results.append(QuestionResult(question.name, 0.0, question.points, manual=True))
            continue
        test_file = assignment.test_files.get(question.name)
        result = QuestionResult(question.name, 0.0, question.points)
        for case in test_file.test_cases if test_file else []:
            if not case.hidden:
                continue
            passed, message = _run_case(case, env)
            for module, calls in channel.watched_calls().items():
                flag = f"forbidden call: {module} ({question.name}: {', '.join(sorted(set(calls)))})"
                if flags is not None and flag not in flags:
                    flags.append(flag)
            points = float(case.points or 0) if passed else 0.0
            result.cases.append(CaseResult(case_label(question.name, case), points,
                                           float(case.points or 0), passed, bool(case.hidden),
                                           message))
            result.points += points
        results.append(result)
    return results


def case_label(question: str, case) -> str:
    """What feedback calls a test: its function's name read as words, ``test_q3_bound_with_gain``
    -> "q3 · bound with gain" (Otter's own names are "q3 - 4"), or Otter's name if it has none."""
    function = getattr(getattr(case.body, "test_func", None), "__name__", "")
    words = function.removeprefix("test_").removeprefix(f"{question}_").replace("_", " ").strip()
    return f"{question} · {words}" if function.startswith("test_") and words else case.name


def _run_case(case, env: dict) -> tuple[bool, str]:
    channel.reset_test_state()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.body.call_func(env)
        return True, ""
    except checks.CheckFailed as failure:
        return False, str(failure)
    except channel.ChannelError as error:
        return False, (f"评分中断：提交的进程没有响应（{error}）。\n"
                       f"grading stopped: the submission's process stopped answering ({error}).")
    except Exception as error:  # a plain assert in a public test, or an odd return value
        return False, f"{type(error).__name__}: {str(error)[:500]}"


def grade_in_process(assignment: Assignment, namespace: dict, seed: int | None = None) -> Grade:
    """Grade functions defined in this process. For trusted code only (catalogue, solution)."""
    env = {name: namespace.get(name) for name in assignment.function_names()}
    flags: list[str] = []
    assignment.use_in_checks()
    questions = run_hidden_tests(assignment, env, checks.CONFIGURED_SEED if seed is None else seed,
                                 flags)
    return Grade(questions, flags=flags)


def grade_in_sandbox(assignment: Assignment, cells: list[str], seed: int,
                     limits: Limits | None = None, with_memory: bool = False,
                     hide: list[str] | None = None):
    """Run a submission's cells in a sandboxed child; decide its score here.

    ``hide``: folders the child must not see besides the project (the class, the output).
    Returns the Grade, or (Grade, the child's peak memory in MB) with ``with_memory``.
    """
    limits = limits or Limits()
    peak = None
    with Sandbox(cells, limits, hide=hide, helpers=assignment.helpers_source) as box:
        try:
            execution = box.run_notebook()
            defined = box.session.names()
        except channel.ChannelError:
            grade = _stopped(assignment, box, "while running the notebook")
            return (grade, peak) if with_memory else grade
        env = {name: box.session.function(name) if defined.get(name) else None
               for name in assignment.function_names()}
        box.session.call_timeout = box.remaining()
        flags = [f"patched: {name}" for name in execution.patched]
        if execution.threads:
            flags.append(f"background threads: {execution.threads} left running by the notebook "
                         "(stopped before the hidden tests)")
        flags += tricks.special_cased_inputs(cells, assignment.function_names())
        assignment.use_in_checks(session=box.session)
        try:
            with channel.remote_only():
                questions = run_hidden_tests(assignment, env, seed, flags)
        finally:
            assignment.use_in_checks()
        flags += [f"patched: {name} (during the hidden tests)"
                  for name in sorted(box.session.patched) if name not in execution.patched]
        grade = Grade(questions, cell_errors=execution.errors, flags=flags)
        if execution.isolation != "full":
            grade.flags.append(f"isolation {execution.isolation}")
        if box.session.broken:
            stopped = _stopped(assignment, box, "while the hidden tests ran")
            grade.status, grade.reason = stopped.status, stopped.reason
        elif with_memory:
            peak = box.session.peak_memory_mb()
    return (grade, peak) if with_memory else grade


_WHEN_ZH = {"while running the notebook": "运行笔记本时",
            "while the hidden tests ran": "运行隐藏测试时"}


def _stopped(assignment: Assignment, box: Sandbox, when: str) -> Grade:
    box.process.join(timeout=1)
    exit_reason = box.exit_reason()
    if exit_reason is None and box.remaining() <= 0:
        status = "timeout"
        reason = (f"超过了 {box.limits.timeout:g} 秒的时间限制（{_WHEN_ZH[when]}）。\n"
                  f"the time limit of {box.limits.timeout:g} s was reached {when}.")
    else:
        status = "killed"
        reason = (f"提交的进程中途结束了（{exit_reason or '已关闭'}，{_WHEN_ZH[when]}）："
                  "可能是内存、CPU 时间超限，崩溃，或调用了 os._exit。\n"
                  f"the notebook's process ended ({exit_reason or 'closed'}) {when}: memory or "
                  "CPU limit, a crash, or os._exit.")
    questions = [QuestionResult(q.name, 0.0, q.points, manual=q.manual)
                 for q in assignment.questions]
    return Grade(questions, status=status, reason=reason)


def grade_notebook_file(assignment: Assignment, path: Path, limits: Limits | None = None) -> Grade:
    content = Path(path).read_bytes()
    cells = notebook_cells(json.loads(content.decode("utf-8")))
    return grade_in_sandbox(assignment, cells, submission_seed(content), limits)
