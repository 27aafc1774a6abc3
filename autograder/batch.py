"""Grading a class: a folder of submissions, graded in parallel, each result saved as it finishes.

    main process             finds submissions, skips what is already graded, shows progress,
                             writes the gradebook and the report; never runs student code
      grader processes (N)   run the hidden tests; each submission's code runs in a sandboxed child
                             of the grader's own forkserver (see sandbox.py)

A grader is a separate process rather than a thread because hidden tests use process-wide state
(torch's global random generator among it): one grader per process keeps a grade independent of
what else is being graded. Each result is written atomically to ``OUT/results/<name>.json`` with a
key made of the submission's content and the assignment's grader version; a rerun with the same
``--out`` skips every submission whose key matches, so a killed batch resumes where it stopped.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import manual, regrade, report, roster, sandbox, selftest, shards
from .errors import BilingualError
from .grading import Assignment, Grade, grade_in_sandbox, submission_seed
from .record import RecordError, SubmissionRecord
from .sandbox import Limits, notebook_cells

SUFFIXES = (".ipynb", ".zip")
MAX_FILE_BYTES = 64 * 2**20
MAX_UNZIPPED_BYTES = 128 * 2**20


class SubmissionError(BilingualError):
    """A submission that cannot be graded at all; the message is bilingual (zh, then en)."""


@dataclass
class Job:
    name: str
    path: str
    key: str


def discover(folder: Path, version: str) -> list[Job]:
    """Every .ipynb and .zip directly in ``folder``; a name is the file name without extension,
    or the whole file name when two files share a stem (alice.ipynb and alice.zip)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    stems = [p.stem for p in files]
    jobs = []
    for path in files:
        name = path.stem if stems.count(path.stem) == 1 else path.name
        jobs.append(Job(name, str(path), f"{_content_hash(path)}-{version}"))
    return jobs


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()[:24]


def load_cells(path: Path) -> tuple[list[str], bytes]:
    """The code cells of a submission (a notebook, or an Otter export zip holding one)."""
    notebook, content = load_notebook(path)
    return notebook_cells(notebook), content


def load_notebook(path: Path):
    """A submission's notebook (nbformat, version 4) and the notebook file's bytes; raises
    SubmissionError for a file that is no Python notebook (manual.py reads answers with it)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SubmissionError(f"文件太大（{size / 2**20:.0f} MB，上限 {MAX_FILE_BYTES // 2**20} MB）。",
                              f"the file is too large ({size / 2**20:.0f} MB; the limit is "
                              f"{MAX_FILE_BYTES // 2**20} MB).")
    content = path.read_bytes()
    if path.suffix.lower() == ".zip":
        content = _notebook_from_zip(path)
    return _notebook_from_json(content), content


def _notebook_from_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            notebooks = [i for i in archive.infolist() if i.filename.endswith(".ipynb")
                         and not i.filename.startswith("__MACOSX/") and not i.is_dir()]
            if len(notebooks) != 1:
                raise SubmissionError(
                    f"zip 里应恰好有一个 .ipynb 笔记本，实际有 {len(notebooks)} 个。",
                    f"the zip must hold exactly one .ipynb notebook; it holds {len(notebooks)}.")
            if notebooks[0].file_size > MAX_UNZIPPED_BYTES:
                raise SubmissionError("zip 里的笔记本太大。", "the notebook in the zip is too large.")
            return archive.read(notebooks[0])
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionError("无法打开 zip 文件。", f"the zip file cannot be opened ({error}).")


def _notebook_from_json(content: bytes):
    import nbformat

    try:
        text = content.decode("utf-8-sig")
        if not text.strip():
            raise SubmissionError("文件是空的。", "the file is empty.")
        notebook = nbformat.reads(text, as_version=4)
    except SubmissionError:
        raise
    except UnicodeDecodeError:
        raise SubmissionError("文件不是 UTF-8 文本，不是笔记本。",
                              "the file is not UTF-8 text, so not a notebook.") from None
    except Exception as error:  # nbformat raises several types for JSON that is not a notebook
        raise SubmissionError("文件不是有效的 Jupyter 笔记本（JSON 无法解析或结构不对）。",
                              f"the file is not a valid Jupyter notebook ({type(error).__name__}: "
                              f"{str(error)[:200]}).") from None
    language = (notebook.metadata.get("kernelspec", {}).get("language")
                or notebook.metadata.get("language_info", {}).get("name") or "python")
    if str(language).lower() != "python":
        raise SubmissionError(f"笔记本的内核是 {language}，不是 Python。",
                              f"the notebook's kernel is {language}, not Python.")
    return notebook


# -- one submission, in a grader process -----------------------------------------------------------

_assignments: dict[str, Assignment] = {}


def grade_job(assignment_name: str, dist: str, job: Job, limits: Limits, out: str,
              hide: tuple = ()) -> SubmissionRecord:
    """Grade one submission and return its record; never raises for bad input."""
    if assignment_name not in _assignments:
        _assignments[assignment_name] = Assignment.load(assignment_name, Path(dist))
    assignment = _assignments[assignment_name]
    started = time.monotonic()
    peak = None
    try:
        cells, content = load_cells(Path(job.path))
        grade, peak = grade_in_sandbox(assignment, cells, submission_seed(content), limits,
                                       with_memory=True,
                                       hide=[str(Path(job.path).parent), out, *hide])
    except SubmissionError as error:
        grade = Grade(_zero_questions(assignment), status="error", reason=str(error))
    return SubmissionRecord.from_grade(grade, submission=job.name, file=Path(job.path).name,
                                       key=job.key, seconds=round(time.monotonic() - started, 3),
                                       peak_memory_mb=peak)


def _zero_questions(assignment: Assignment):
    from .grading import QuestionResult

    return [QuestionResult(q.name, 0.0, q.points, manual=q.manual) for q in assignment.questions]


def save(out: Path, record: SubmissionRecord) -> None:
    """The record as Gradescope results, then its feedback; both written atomically."""
    path = results_path(out, record.submission)
    _write_atomically(path, json.dumps(report.gradescope_results(record), ensure_ascii=False,
                                       indent=1))
    report.write_feedback(record, out / "feedback")


def results_path(out: Path, name: str) -> Path:
    return out / "results" / f"{report.safe_filename(name)}.json"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def saved_record(out: Path, job: Job) -> SubmissionRecord | None:
    """The record a previous run saved for this job, if its key still matches; None (grade it
    again) also when the file is missing or unreadable, or holds a record this kit cannot read."""
    record = read_record(out, job.name)
    return record if record is not None and record.key == job.key else None


def read_record(out: Path, name: str) -> SubmissionRecord | None:
    """The record saved for a submission, whatever its key; None if missing or unreadable."""
    try:
        data = json.loads(results_path(out, name).read_text(encoding="utf-8"))
        return SubmissionRecord.from_json(data["extra_data"]["kit"])
    except (OSError, ValueError, KeyError, TypeError, RecordError):
        return None


def _grade_and_save(assignment_name: str, dist: str, out: str, job: Job, limits: Limits,
                    hide: tuple = ()) -> SubmissionRecord:
    record = grade_job(assignment_name, dist, job, limits, out, hide)
    # a regrade keeps the manual points a TA merged into the previous record (manual.py)
    manual.carry_over(read_record(Path(out), job.name), record)
    save(Path(out), record)
    return record


# -- the class -------------------------------------------------------------------------------------


class NoSubmissions(Exception):
    """The folder holds nothing to grade (a mistyped path, most likely)."""


def grade_class(assignment: Assignment, submissions: Path, out: Path, workers: int,
                limits: Limits, dist: Path, progress=None, hide: list[str] | None = None,
                self_test: bool = True, options: roster.Options | None = None,
                shard: shards.Shard | None = None) -> list[SubmissionRecord]:
    """Grade every submission in ``submissions`` into ``out``.

    ``hide``: more folders that student code must not see (the class and output folders always
    are). Unless ``self_test`` is off, the known-answer self-test (selftest.py) runs first and
    raises SelfTestFailed, before anything is graded, if the environment cannot grade.
    ``options``: roster, deadline and late policy for the summaries; ``shard``: grade only that
    part of the folder (both saved in OUT/run.json, see shards.py).
    """
    jobs = discover(submissions, assignment.version)
    if not jobs:
        raise NoSubmissions(f"没有在 {submissions} 里找到提交（.ipynb 或 .zip）。\n"
                            f"no submissions (.ipynb or .zip) found in {submissions}")
    out.mkdir(parents=True, exist_ok=True)
    everyone, jobs = jobs, shards.select(jobs, shard)
    shards.write_run(out, assignment, everyone, jobs, options, shard)
    manual.remember_submissions(out, submissions)  # where `manual` finds the answers later
    records, todo = {}, []
    for job in jobs:
        previous = saved_record(out, job)
        if previous is not None:
            records[job.name] = previous
        else:
            todo.append(job)
    hidden = [str(submissions), str(out)] + list(hide or [])
    if todo and self_test:
        selftest.check_environment(assignment, limits, out, hide=hidden, dist=dist, log=_log)
    # Records about to be replaced (another grader version or content): the regrade diff's basis.
    regrade.remember(out, {job.name: old for job in todo
                           if (old := read_record(out, job.name)) is not None})
    progress = progress or Progress(len(todo), skipped=len(records))
    try:
        for record in _run(assignment.name, str(dist), str(out), todo, workers, limits,
                           tuple(hide or ())):
            records[record.submission] = record
            progress.step(record)
    finally:
        progress.close()
        finished = [records[j.name] for j in jobs if j.name in records]
        write_summaries(assignment, out, finished)
    return [records[j.name] for j in jobs]


def _run(assignment_name, dist, out, jobs, workers, limits, hide=()):
    if not jobs:
        return
    if workers <= 1:
        for job in jobs:
            yield _grade_and_save(assignment_name, dist, out, job, limits, hide)
        return
    # Graders are forked from this process, which has loaded the grader's modules and the
    # assignment and started one forkserver for them all: start-up is paid once per batch, not
    # once per worker (on a many-core server it was the larger part of a class's wall time).
    # Forking is safe here: this process has started no threads and run no torch operation yet.
    _assignments.setdefault(assignment_name, Assignment.load(assignment_name, Path(dist)))
    sandbox.start_forkserver()
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                initializer=_start_grader) as pool:
        futures = [pool.submit(_grade_and_save, assignment_name, dist, out, job, limits, hide)
                   for job in jobs]
        try:
            for future in concurrent.futures.as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _start_grader() -> None:
    """In each forked grader: share the forkserver, and use one thread (see sandbox.ONE_THREAD)."""
    import torch

    sandbox.share_forkserver()
    torch.set_num_threads(1)


def write_summaries(assignment: Assignment, out: Path, records: list[SubmissionRecord]) -> None:
    view = shards.summary_view(out, records)  # roster and deadline, as OUT/run.json says
    if view is None:
        report.write_gradebook(records, assignment.questions, out / "gradebook.csv")
    else:
        roster.write_gradebook(view, assignment.questions, out / "gradebook.csv")
    report.write_report(records, assignment.questions, out / "report.html",
                        title=f"{assignment.name}: grading report",
                        regrade=regrade.write_diff(out, records, assignment.questions),
                        roster=roster.report_section(view) if view else None)


def _log(text: str) -> None:
    print(text, file=sys.stderr)


class Progress:
    """A progress bar with ETA on a terminal; silent otherwise (CI logs stay short)."""

    def __init__(self, total: int, skipped: int = 0, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.started = time.monotonic()
        self.live = stream.isatty() and not os.environ.get("CI")
        if skipped and self.live:
            print(f"{skipped} already graded (same content, same grader): skipped", file=stream)

    def step(self, record: SubmissionRecord) -> None:
        self.done += 1
        if not self.live:
            return
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        filled = int(30 * self.done / max(self.total, 1))
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}  "
              f"{elapsed:5.0f} s  ETA {eta:4.0f} s  {record.submission[:24]:24}",
              end="", file=self.stream, flush=True)

    def close(self) -> None:
        if self.live and self.total:
            print(file=self.stream)
