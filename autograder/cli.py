"""Command line: ``python -m autograder <command>``.

Each command is a function with keyword-only arguments (``release``, ``grade``, ``merge_shards``,
``grade_notebook``, ``sample_class``, ``catalogue``, ``course``, ``manual``, ``merge_manual``,
``similarity``) that returns an exit code; ``main`` only parses
the command line and calls one of them. Errors a user can cause are printed in Chinese and English.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .record import SubmissionRecord


def release(*, assignments: list[str] | None = None) -> int:
    """Build student notebooks, Gradescope zips and solutions (all assignments by default)."""
    from . import release as releasing

    try:
        return releasing.main(assignments or None)
    except releasing.ReleaseError as error:
        return _error(str(error))


def grade(*, assignment: str, submissions: Path, out: Path, workers: int | None = None,
          timeout: float = 60.0, memory: int = 4096, hide: list[Path] | None = None,
          self_test: bool = True, roster: Path | None = None, deadline: str | None = None,
          late_policy: str | None = None, extensions: Path | None = None,
          shard: str | None = None) -> int:
    """Grade a folder of submissions into ``out`` (resumable); print a summary. ``roster``,
    ``deadline``, ``late_policy``, ``extensions``: see roster.py and lateness.py; ``shard``: "K/N",
    grade only that part of the folder (shards.py)."""
    from . import batch, lateness, shards
    from . import release as releasing
    from . import roster as rosters
    from .sandbox import Limits
    from .selftest import SelfTestFailed

    workers = workers or os.cpu_count() or 1
    if workers < 1 or timeout <= 0 or memory < 256:
        return _error("--workers 至少为 1，--timeout 大于 0，--memory 至少 256。",
                      "--workers >= 1, --timeout > 0 and --memory >= 256 please.")
    if not Path(submissions).is_dir():
        return _error(f"{submissions} 不是一个装着提交的文件夹。",
                      f"{submissions} is not a folder of submissions.")
    try:  # every option is checked before anything is graded or written
        options = rosters.load_options(roster=roster, deadline=deadline, late_policy=late_policy,
                                       extensions=extensions)
        part = shards.parse_shard(shard) if shard is not None else None
    except (rosters.RosterError, lateness.LatenessError, shards.ShardError) as error:
        return _error(error.zh, error.en)
    try:
        loaded = _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    limits = Limits(timeout=timeout, memory_mb=memory)
    try:
        records = batch.grade_class(loaded, Path(submissions), Path(out), workers, limits,
                                    releasing.DIST, hide=[str(h) for h in hide or []],
                                    self_test=self_test, options=options, shard=part)
    except (batch.NoSubmissions, SelfTestFailed) as error:
        return _error(str(error))
    except KeyboardInterrupt:
        print(f"\n已中断：评好的结果保存在 {out}；再次运行同一命令即可继续。\n"
              f"interrupted: what was graded is saved in {out}; run the same command again to "
              "finish.", file=sys.stderr)
        return 130
    _print_summary(records, Path(out))
    _print_roster(records, Path(out), part)
    return 0


def merge_shards(*, shards: list[Path], out: Path) -> int:
    """Join the output folders of ``grade --shard K/N`` into what one run would have written."""
    from . import release as releasing
    from . import shards as sharding

    try:
        merge = sharding.plan_merge(shards, out)
        loaded = _ensure_release(merge.run.assignment)
    except sharding.ShardError as error:
        return _error(error.zh, error.en)
    except releasing.ReleaseError as error:
        return _error(str(error))
    if loaded.version != merge.run.version:
        return _error(f"分片用评分器版本 {merge.run.version} 评分，而本机的版本是 {loaded.version}："
                      "请在与分片相同的版本下合并。",
                      f"the shards were graded with grader version {merge.run.version}, this "
                      f"machine has {loaded.version}: merge with the version the shards used.")
    sharding.write_merge(merge, loaded, Path(out))
    _print_summary(merge.records, Path(out))
    _print_roster(merge.records, Path(out), None)
    return 0


def grade_notebook(*, assignment: str, notebook: Path) -> int:
    """Grade one notebook in the sandbox and print its result."""
    from . import release as releasing
    from .grading import grade_notebook_file

    if not Path(notebook).is_file():
        return _error(f"找不到文件：{notebook}", f"no such file: {notebook}")
    try:
        loaded = _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    result = grade_notebook_file(loaded, Path(notebook))
    print(f"{notebook}: {result.status} {result.reason}".rstrip())
    for question in result.questions:
        kind = "manual" if question.manual else f"{question.points:g}/{question.possible:g}"
        print(f"  {question.name}: {kind}")
        for case in question.cases:
            if not case.passed:
                print("      " + case.message.replace("\n", "\n      "))
    print(f"  total: {result.total:g}/{result.possible:g} (manual questions not included)")
    return 0


def sample_class(*, assignment: str, folder: Path, size: int = 40,
                 roster: Path | None = None) -> int:
    """Write a sample class made from the catalogue (right, wrong, broken and hostile); with
    ``roster``, also a roster CSV for it (sample_class.write_roster)."""
    from . import release as releasing
    from .sample_class import DEMO_DEADLINE, make_sample_class, write_roster

    try:
        _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    manifest = make_sample_class(assignment, Path(folder), size=size)
    kinds: dict[str, int] = {}
    for item in manifest:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    print(f"sample class: {len(manifest)} submissions in {folder} ("
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    if roster is not None:
        facts = write_roster(roster, manifest)
        print(f"roster: {roster}, with {len(facts['missing'])} students who submitted nothing "
              f"({', '.join(facts['missing'])}); by its submitted_at column, {facts['late']} is "
              f"the one submission late for --deadline {DEMO_DEADLINE}")
    return 0


def catalogue(*, assignment: str) -> int:
    """Grade the catalogue of right and wrong answers; print the table."""
    from . import catalogue as catalogued
    from . import release as releasing

    try:
        _ensure_release(assignment)
    except releasing.ReleaseError as error:
        return _error(str(error))
    outcomes = catalogued.run(assignment)
    print(catalogued.table(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


def course(*, outputs: list[Path], weights: Path, out: Path, lms: str | None = None) -> int:
    """Join several assignments' graded output folders by student into a course gradebook."""
    from . import course as courses

    try:
        joined, written = courses.write_course(outputs, weights, out, lms=lms)
    except courses.CourseError as error:
        return _error(str(error))
    percents = [s.percent for s in joined.students]
    mean = f"{sum(percents) / len(percents):.1f}%" if percents else "—"
    print(f"课程 / course: {len(joined.students)} 名学生 / students, {len(joined.books)} 个作业 / "
          f"assignments, 平均总评 / mean course total {mean}")
    missing = [f"{s.key} ({', '.join(s.missing)})" for s in joined.students if s.missing]
    if missing:
        print(f"{len(missing)} 名学生缺交（记 0 分） / students miss work (counted 0): "
              + _first(missing, "; "))
    if joined.notes:
        print(f"{len(joined.notes)} 条注意 / notes:\n  " + _first(joined.notes, "\n  "))
    for path in written:
        print(f"写入 / wrote {path}")
    return 0


def manual(*, assignment: str, out: Path, anonymous: bool = False,
           submissions: Path | None = None) -> int:
    """Write OUT/manual/<question>.html (every answer, with its plots) and .csv (for the points)."""
    from . import manual as manually
    from . import release as releasing

    try:
        written = manually.write_pages(_ensure_release(assignment), Path(out),
                                       anonymous=anonymous, submissions=submissions)
    except (manually.ManualError, releasing.ReleaseError) as error:
        return _error(str(error))
    for item in written:
        print(f"{item.question}: {item.answers} 份答案 / answers  {item.page}")
        if item.kept_csv:
            print(f"  {manually.csv_path(Path(out), item.question).name} 里已有评分，未改动；新表写在 / "
                  f"already holds grades and was left alone; the new sheet is {item.csv}")
        else:
            print(f"  评分表 / grading sheet: {item.csv}")
    if written and written[0].unreadable:
        print(f"{len(written[0].unreadable)} 份提交无法读取，未列出 / submissions could not be "
              "read and are not listed: " + _first(written[0].unreadable, ", "))
    return 0


def merge_manual(*, assignment: str, out: Path) -> int:
    """Merge OUT/manual/<question>.csv into the records, gradebook, feedback and report."""
    from . import manual as manually
    from . import release as releasing

    try:
        merged = manually.merge(_ensure_release(assignment), Path(out))
    except (manually.ManualError, releasing.ReleaseError) as error:
        return _error(str(error))
    for item in merged:
        if item.csv is None:
            print(f"{item.question}: 没有评分表，跳过 / no grading sheet, skipped")
            continue
        print(f"{item.question}: 合并 {item.updated} 份（{item.unchanged} 份不变），{item.pending} 份尚未评分 / "
              f"{item.updated} merged ({item.unchanged} unchanged), {item.pending} not graded yet")
        if item.comment_only:
            print(f"  {item.comment_only} 行只有评语没有分数，未合并 / rows have a comment but no "
                  "points: not merged")
    print(f"gradebook: {Path(out) / 'gradebook.csv'}   report: {Path(out) / 'report.html'}")
    return 0


def similarity(*, assignment: str, submissions: Path, out: Path, top: int = 20) -> int:
    """Compare the students' own code across a class folder (similarity.py): ``out/pairs.csv``
    and ``out/similarity.html`` with the ``top`` pairs side by side. Runs no student code."""
    from . import similarity as similar

    if top < 1:
        return _error("--top 至少为 1。", "--top must be at least 1.")
    if Path(out).exists() and not Path(out).is_dir():
        return _error(f"{out} 已存在，但不是文件夹。", f"{out} exists and is not a folder.")
    try:
        compared = similar.compare_folder(assignment, Path(submissions))
    except similar.SimilarityError as error:
        return _error(error.zh, error.en)
    csv_path, html_path = similar.write_outputs(compared, Path(out), top=top)
    print(f"{len(compared.submissions)} 份提交已比较，{len(compared.pairs)} 对有共同代码 / "
          f"{len(compared.submissions)} submissions compared, {len(compared.pairs)} pairs share code")
    for pair in compared.pairs[:5]:
        print(f"  {pair.score:.2f}  {pair.a.name} ~ {pair.b.name}")
    if compared.unreadable:
        print(f"{len(compared.unreadable)} 份无法读取，未比较 / could not be read, not compared: "
              + _first([file for file, _ in compared.unreadable], ", "))
    print(similar.NOTE)
    print(f"pairs: {csv_path}\npage:  {html_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade assignments.")
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="build student notebooks, solutions and zips")
    rel.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    one_class = commands.add_parser("grade", help="grade a folder of submissions")
    one_class.add_argument("assignment", help="the assignment's name (a folder of solutions/)")
    one_class.add_argument("submissions", type=Path, help="a folder of .ipynb and/or .zip files")
    one_class.add_argument("--out", type=Path, required=True,
                           help="output folder (reused to resume)")
    one_class.add_argument("--workers", type=int, default=None,
                           help="submissions graded at once (default: the number of cores)")
    one_class.add_argument("--timeout", type=float, default=60.0,
                           help="seconds per submission: notebook and hidden tests (default 60)")
    one_class.add_argument("--memory", type=int, default=4096,
                           help="address-space cap per submission in MB (default 4096)")
    one_class.add_argument("--hide", type=Path, action="append", default=[],
                           help="another folder student code must not see (repeatable)")
    one_class.add_argument("--no-self-test", dest="self_test", action="store_false",
                           help="skip grading the solution and the release first")
    one_class.add_argument("--roster", type=Path, default=None,
                           help="CSV: id, name[, email][, submitted_at]; one gradebook row each")
    one_class.add_argument("--deadline", default=None,
                           help="ISO 8601 with its UTC offset, e.g. 2026-12-01T23:59+08:00")
    one_class.add_argument("--late-policy", default=None,
                           help="none (default) | per-day=10,cap=50 (percent per started day) | "
                                "cutoff (0 after the deadline)")
    one_class.add_argument("--extensions", type=Path, default=None,
                           help="CSV: id, deadline (needs --roster)")
    one_class.add_argument("--shard", default=None,
                           help="K/N: grade only the K-th of N parts (join them with merge-shards)")
    merging = commands.add_parser("merge-shards",
                                  help="join the output folders of grade --shard K/N")
    merging.add_argument("shards", nargs="+", type=Path, help="the shards' output folders")
    merging.add_argument("--out", type=Path, required=True, help="a new folder for the result")
    one = commands.add_parser("grade-notebook", help="grade one notebook, print the result")
    one.add_argument("assignment")
    one.add_argument("notebook", type=Path)
    sample = commands.add_parser("sample-class", help="write a sample class made from the catalogue")
    sample.add_argument("assignment")
    sample.add_argument("folder", type=Path)
    sample.add_argument("--size", type=int, default=40)
    sample.add_argument("--roster", type=Path, default=None,
                        help="also write a roster CSV for the class (two students submit nothing, "
                             "one submission is late)")
    cat = commands.add_parser("catalogue", help="grade the catalogue of right and wrong answers")
    cat.add_argument("assignment")
    joined = commands.add_parser("course", help="join graded output folders by student")
    joined.add_argument("outputs", nargs="+", type=Path,
                        help="graded output folders (what grade --out wrote)")
    joined.add_argument("--weights", type=Path, required=True,
                        help="CSV with columns assignment, weight")
    joined.add_argument("--out", type=Path, required=True, help="folder for course.csv and .html")
    joined.add_argument("--lms", choices=("canvas", "moodle"), default=None,
                        help="also write the CSV that this LMS's grade import reads")
    by_hand = commands.add_parser("manual", help="pages and CSVs to grade written answers by hand")
    by_hand.add_argument("assignment")
    by_hand.add_argument("out", type=Path, help="a graded output folder (what grade --out wrote)")
    by_hand.add_argument("--anonymous", action="store_true",
                         help="show labels such as S-3f9a instead of names")
    by_hand.add_argument("--submissions", type=Path, default=None,
                         help="the class folder (default: the one the grade run recorded)")
    merge_hand = commands.add_parser("merge-manual",
                                     help="merge the filled-in OUT/manual/*.csv into the grades")
    merge_hand.add_argument("assignment")
    merge_hand.add_argument("out", type=Path, help="a graded output folder")
    similar = commands.add_parser("similarity",
                                  help="compare the students' own code across a class folder")
    similar.add_argument("assignment")
    similar.add_argument("submissions", type=Path, help="a folder of .ipynb and/or .zip files")
    similar.add_argument("--out", type=Path, required=True,
                         help="folder for pairs.csv and similarity.html")
    similar.add_argument("--top", type=int, default=20,
                         help="pairs shown side by side in similarity.html (default 20)")
    args = vars(parser.parse_args(argv))
    verb = VERBS[args.pop("command")]
    return verb(**args)


VERBS = {"release": release, "grade": grade, "grade-notebook": grade_notebook,
         "merge-shards": merge_shards,
         "sample-class": sample_class, "catalogue": catalogue, "course": course,
         "manual": manual, "merge-manual": merge_manual, "similarity": similarity}


def _error(zh: str, en: str | None = None) -> int:
    """Print a user error (Chinese, then English; one bilingual text if ``en`` is None)."""
    text = zh if en is None else f"{zh}\n{en}"
    print("error / 错误: " + text.replace("\n", "\n  "), file=sys.stderr)
    return 2


def _first(items: list[str], separator: str, limit: int = 10) -> str:
    """The first ``limit`` items joined, and how many more there are."""
    more = f"{separator}... {len(items) - limit} more" if len(items) > limit else ""
    return separator.join(items[:limit]) + more


def _ensure_release(name: str):
    """Load the assignment, building its release first if it is missing or older than its source."""
    from . import release as releasing
    from .grading import Assignment

    zip_path = releasing.autograder_zip(name)
    source = releasing.source_notebook(name)
    if not zip_path.exists() or zip_path.stat().st_mtime < source.stat().st_mtime:
        print(f"building the release of {name} (make release)...", file=sys.stderr)
        releasing.release(name, quiet=True)
    return Assignment.load(name)


def _print_summary(records: list[SubmissionRecord], out: Path) -> None:
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record.status] = statuses.get(record.status, 0) + 1
    graded = [r.total for r in records if r.graded]
    mean = sum(graded) / len(graded) if graded else 0.0
    possible = records[0].possible if records else 0
    print(f"{len(records)} submissions: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    if graded:
        print(f"mean total of graded submissions: {mean:.2f} / {possible:g}")
    print(f"gradebook: {out / 'gradebook.csv'}")
    print(f"report:    {out / 'report.html'}")
    print(f"feedback:  {out / 'feedback'}/   results (Gradescope format): {out / 'results'}/")
    if (out / "regrade-diff.csv").is_file():
        print(f"regrade:   {out / 'regrade-diff.csv'} (whose points the last regrade changed)")


def _print_roster(records: list[SubmissionRecord], out: Path, part) -> None:
    """The roster's and lateness's lines (files matching no one, missing students, ...)."""
    from . import roster, shards

    if part is not None:
        print(f"分片 / shard {part.text}: {len(records)} submissions graded here; the class's "
              "gradebook and report come from merge-shards")
        return
    view = shards.summary_view(out, records)
    for line in roster.summary_lines(view) if view is not None else []:
        print(line)
