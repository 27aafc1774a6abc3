"""More than one machine: ``grade --shard K/N`` grades a fixed 1/N of the class folder, and
``merge-shards`` joins the shards' output folders into what one run would have written.

Which shard grades a file depends only on its name (a SHA-256 of the file name, modulo N), not on
its position in the folder, so every machine agrees without talking to the others, and adding a
file to the folder moves no other file to another shard.

Every ``grade`` writes ``OUT/run.json``: the assignment and grader version, the shard, the names
of all the submissions in the folder, for each submission it graded the file, the key of its
record and the file's mtime, and the summary options (roster, deadline, policy, extensions, as
their content). The summaries (gradebook.csv, report.html) are written from it, so a merge, or
another command that rewrites the summaries, reproduces them without the original files. A
shard's own summaries cover only its part, without the roster: the merged ones are the real ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import roster
from .errors import BilingualError
from .record import RecordError, SubmissionRecord

RUN_FILE = "run.json"
SELFTEST_FILE = ".selftest.json"


class ShardError(BilingualError, ValueError):
    """A bad --shard, or shards that cannot be merged; the message is bilingual."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1..count
    count: int

    @property
    def text(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``K/N`` with 1 <= K <= N."""
    index, sep, count = str(text).strip().partition("/")
    if sep and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return Shard(int(index), int(count))
    raise ShardError(f"--shard 应写成 K/N，1 ≤ K ≤ N（例如 2/8），而不是「{text}」。",
                     f"--shard must be K/N with 1 <= K <= N (e.g. 2/8), not {text!r}.")


def shard_of(file_name: str, count: int) -> int:
    """The shard (1..count) that grades the file of this name."""
    digest = hashlib.sha256(file_name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select(jobs: list, shard: Shard | None) -> list:
    """The jobs (batch.Job) that this shard grades; all of them without a shard."""
    if shard is None:
        return list(jobs)
    return [j for j in jobs if shard_of(Path(j.path).name, shard.count) == shard.index]


# -- run.json ------------------------------------------------------------------------------------

@dataclass
class Run:
    """What OUT/run.json says about the run that wrote OUT."""

    assignment: str
    version: str
    shard: Shard | None
    everyone: list[str]            # every submission name in the class folder, in folder order
    submissions: dict[str, dict]   # graded here: name -> {"file", "key", "modified"}
    options: roster.Options

    def to_json(self) -> dict:
        return {"assignment": self.assignment, "grader_version": self.version,
                "shard": self.shard.text if self.shard else None, "class": self.everyone,
                "submissions": self.submissions, "summary_options": self.options.to_json()}

    @property
    def modified(self) -> dict[str, datetime]:
        return {name: datetime.fromisoformat(item["modified"])
                for name, item in self.submissions.items() if item.get("modified")}


def write_run(out: Path, assignment, everyone: list, jobs: list, options: roster.Options | None,
              shard: Shard | None) -> Run:
    """Write OUT/run.json for a run that grades ``jobs`` (batch.Job) out of ``everyone``."""
    submissions = {j.name: {"file": Path(j.path).name, "key": j.key,
                            "modified": _mtime(Path(j.path))} for j in jobs}
    run = Run(assignment.name, assignment.version, shard, [j.name for j in everyone], submissions,
              options or roster.Options())
    _write_json(out / RUN_FILE, run.to_json())
    return run


def _mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).isoformat()


def _write_json(path: Path, data: dict) -> None:
    from .report import _write_atomic

    _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def read_run(out: Path) -> Run:
    """OUT/run.json; raises ShardError if it is missing or unreadable."""
    path = Path(out) / RUN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shard = parse_shard(data["shard"]) if data.get("shard") else None
        return Run(str(data["assignment"]), str(data["grader_version"]), shard,
                   [str(n) for n in data["class"]], dict(data["submissions"]),
                   roster.Options.from_json(data.get("summary_options") or {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ShardError(f"无法读取 {path}：它不是 grade 写出的输出文件夹？",
                         f"cannot read {path} ({type(error).__name__}: {error}): is {out} a "
                         "folder that grade wrote?") from None


def summary_view(out: Path, records: list[SubmissionRecord]) -> roster.ClassView | None:
    """The roster and lateness view for the summaries of OUT, from its run.json; None for a plain
    gradebook (no roster and no deadline, a shard, or no readable run.json)."""
    try:
        run = read_run(out)
    except ShardError:
        return None
    if run.shard is not None or not run.options.active:
        return None
    return roster.class_view(records, run.options, run.modified)


# -- merging -------------------------------------------------------------------------------------

@dataclass
class Merge:
    """Checked shards, ready to be written."""

    run: Run                                   # the merged run.json (shard: None)
    holders: dict[str, Path]                   # submission name -> the shard folder holding it
    records: list[SubmissionRecord]            # in class-folder order
    extras: dict[str, Path]                    # relative path -> a shard's copy (see _extras)


def plan_merge(folders: list[Path], out: Path) -> Merge:
    """Read and check every shard; raise ShardError (nothing written) when they disagree on the
    assignment, grader version, class folder or options, overlap, miss a shard, or have not
    finished grading."""
    folders = [Path(f) for f in folders]
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ShardError(f"{out} 已存在且不是空文件夹：请换一个新的输出文件夹。",
                         f"{out} exists and is not an empty folder: choose a new output folder.")
    runs = [read_run(f) for f in folders]
    first = runs[0]
    for folder, run in zip(folders, runs):
        if run.shard is None:
            raise ShardError(f"{folder} 不是分片（grade 运行时没有 --shard）。",
                             f"{folder} is not a shard (its grade ran without --shard).")
        _agree(folder, folders[0], "作业", "assignment", run.assignment, first.assignment)
        _agree(folder, folders[0], "评分器版本", "grader version", run.version, first.version)
        _agree(folder, folders[0], "分片数", "shard count", run.shard.count, first.shard.count)
        _agree(folder, folders[0], "提交文件夹的内容", "class folder's submissions",
               run.everyone, first.everyone)
        _agree(folder, folders[0], "名单、截止时间、迟交政策或延期", "roster, deadline, policy "
               "or extensions", _canonical(run.options), _canonical(first.options))
    _check_shards(folders, runs)
    sources: dict[str, Path] = {}
    for folder, run in zip(folders, runs):
        for name in run.submissions:
            if name in sources:
                raise ShardError(f"{name} 同时出现在 {sources[name]} 和 {folder} 中。",
                                 f"{name} is in both {sources[name]} and {folder}.")
            sources[name] = folder
    left = [n for n in first.everyone if n not in sources]
    if left:
        raise ShardError(f"没有分片评过这些提交：{', '.join(left[:10])}",
                         f"no shard graded these submissions: {', '.join(left[:10])}")
    submissions = {n: next(r for r in runs if n in r.submissions).submissions[n]
                   for n in first.everyone}
    records = [_record(sources[n], n, submissions[n]["key"]) for n in first.everyone]
    merged = Run(first.assignment, first.version, None, first.everyone, submissions,
                 first.options)
    return Merge(merged, sources, records, _extras(folders))


def _extras(folders: list[Path]) -> dict[str, Path]:
    """Files one run also writes that are the same in every shard: the self-test's marker and
    manual.py's note of the class folder; the first shard's copy of each (if one has it)."""
    from . import manual  # imported here: manual imports this module

    found = {}
    for relative in (SELFTEST_FILE, f"{manual.FOLDER}/{manual.SOURCES}"):
        copies = [f / relative for f in folders if (f / relative).is_file()]
        if copies:
            found[relative] = copies[0]
    return found


def _agree(folder: Path, reference: Path, zh: str, en: str, value, expected) -> None:
    if value != expected:
        raise ShardError(f"分片 {folder} 与 {reference} 的{zh}不一致，不能合并。",
                         f"the shards {folder} and {reference} differ in their {en}: they cannot "
                         "be merged.")


def _canonical(options: roster.Options) -> str:
    return json.dumps(options.to_json(), sort_keys=True)


def _check_shards(folders: list[Path], runs: list[Run]) -> None:
    count = runs[0].shard.count
    seen: dict[int, Path] = {}
    for folder, run in zip(folders, runs):
        if run.shard.index in seen:
            raise ShardError(f"分片 {run.shard.text} 给了两次：{seen[run.shard.index]} 和 {folder}。",
                             f"the shard {run.shard.text} is given twice: "
                             f"{seen[run.shard.index]} and {folder}.")
        seen[run.shard.index] = folder
    absent = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
    if absent:
        raise ShardError(f"缺少分片：{', '.join(absent)}。", f"missing shard(s): {', '.join(absent)}.")


def _record(folder: Path, name: str, key: str) -> SubmissionRecord:
    """The shard's saved record of ``name``, checked: its key, and its feedback pages."""
    from .batch import results_path
    from .report import safe_filename

    path = results_path(folder, name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = SubmissionRecord.from_json(data["extra_data"]["kit"])
    except (OSError, ValueError, KeyError, TypeError, RecordError):
        record = None
    feedback = [folder / "feedback" / f"{safe_filename(name)}{s}" for s in (".html", ".md")]
    if record is None or record.key != key or not all(f.is_file() for f in feedback):
        raise ShardError(f"分片 {folder} 还没有评完 {name}：请再次运行该分片的 grade 命令。",
                         f"the shard {folder} has not finished grading {name}: run its grade "
                         "command again.")
    return record


def write_merge(merge: Merge, assignment, out: Path) -> None:
    """Write the merged folder beside ``out`` and move it into place, so that a failure leaves
    nothing half-written. ``assignment``: the loaded grading.Assignment (for the summaries)."""
    from . import batch, regrade, report

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.merging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for record in merge.records:
            source = merge.holders[record.submission]
            result = batch.results_path(source, record.submission)
            _copy(result, batch.results_path(staging, record.submission))
            stem = report.safe_filename(record.submission)
            for suffix in (".html", ".md"):
                _copy(source / "feedback" / f"{stem}{suffix}", staging / "feedback" / f"{stem}{suffix}")
        for relative, source in merge.extras.items():
            _copy(source, staging / relative)
        _write_json(staging / RUN_FILE, merge.run.to_json())
        regrade.merge_bases(sorted(set(merge.holders.values())), staging)  # the diff one run shows
        batch.write_summaries(assignment, staging, merge.records)
        if out.exists():
            out.rmdir()  # empty (checked by plan_merge)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
