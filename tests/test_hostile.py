"""Hostile and broken submissions, graded in one batch next to honest ones.

The submissions are data: ``tests/hostile/<assignment>.yaml`` (its header describes an entry). This
test turns every entry into a file of one class folder, adds a few honest notebooks (the solution
and catalogue-based, partly wrong ones), grades the whole folder in ONE batch, and checks:

* the batch finishes within a bound set by the timeouts, and every file has exactly one row;
* each row has the status the entry expects; a row that is not graded has a reason in Chinese and
  English (with the expected words);
* no trick raises a score: an entry marked ``same_score_as_base`` scores, question by question,
  exactly what its base notebook (graded without the trick in a separate batch) scores;
* recognisable tricks are flagged, in the record, the gradebook and the report;
* the honest notebooks' rows are identical (except ``seconds``) to grading them without the
  hostile ones;
* nothing is left behind or written outside the sandboxes and the output folder: no process of a
  sandbox user, no sandbox folder, no file in the project, the class folder, a canary folder or
  the usual scratch places, no connection to a port the test listens on.

Everything that went wrong is collected and reported together, with the observed record.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import hashlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sysconfig
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import yaml

from autograder import batch, catalogue, manual, release, report, selftest, shards
from autograder.sandbox import Limits

ASSIGNMENT = "param-init"
DATA = Path(__file__).parent / "hostile" / f"{ASSIGNMENT}.yaml"
TIMEOUT = 15
WORKERS = 2
SLACK = 90  # seconds on top of (files x timeout) / workers: start-up, the honest work, the report
LIMITS = Limits(timeout=TIMEOUT, memory_mb=4096)
# Honest notebooks: name -> catalogue entries swapped into the solution (none: the solution).
# Chinese names sort after every hostile entry: they are graded next to the fork bomb.
HONEST = {
    "张三 honest solution": [],
    "李四 honest q3 fan-in only": ["q3-wrong-fan-in-only"],
    "陈七 honest q1 unscaled and q7 population std": ["q1-wrong-unscaled-unit-interval",
                                                    "q7-wrong-population-std"],
    "赵八 honest q4 children only": ["q4-wrong-children-only"],
}
ZIP_KINDS = {"zip-not-otter", "zip-two-notebooks", "otter-zip"}
ZIP_TIME = (2025, 3, 14, 10, 22, 31)
HUGE_MB = 101
MARKER = "HOSTILE"  # in the name of every file a hostile cell tries to create outside its sandbox
SANDBOX_UID_MIN, NOBODY = 200_000, 65534
CJK = re.compile(r"[\u4e00-\u9fff]")


# -- notebooks ------------------------------------------------------------------------------------


class Kit:
    """The released solution, the student release and the catalogue, to build notebooks from."""

    def __init__(self, student_path: Path):
        self.solution = nbformat.read(release.DIST / ASSIGNMENT / "solution.ipynb", as_version=4)
        self.student = nbformat.read(student_path, as_version=4)
        self.entries = {e.name: e for e in catalogue.load(ASSIGNMENT)}

    def notebook(self, base, replace: dict | None = None, append: str | None = None):
        """``base`` ("solution", "student", a catalogue entry or a list of entries), with function
        cells replaced and a cell appended."""
        if base == "student":
            nb = copy.deepcopy(self.student)
        else:
            nb = copy.deepcopy(self.solution)
            names = [] if base in (None, "solution") else [base] if isinstance(base, str) else base
            for name in names:
                code = catalogue.without_docstring(self.entries[name].code)
                function = next(f for f in reversed(catalogue.defined_functions(code)) if catalogue.function_cell(nb, f) is not None)
                _set_source(nb.cells[catalogue.function_cell(nb, function)], code)
        for function, code in (replace or {}).items():
            index = catalogue.function_cell(nb, function)
            assert index is not None, f"no cell defines {function}"
            _set_source(nb.cells[index], code)
        if append:
            cell = nbformat.v4.new_code_cell(append)
            cell.id = "hostile-appended"  # fixed: the same entry is always the same file
            nb.cells.append(cell)
        return nb








def _set_source(cell, source: str) -> None:
    cell.source = source
    cell.outputs, cell.execution_count = [], None


# -- file builders (generic: they know notebooks and zips, nothing about grading) -------------------


def _zip(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)


def _code_as_script(nb) -> str:
    return "\n\n".join(f"# In[{i}]:\n{c.source}" for i, c in enumerate(nb.cells)
                       if c.cell_type == "code") + "\n"


def _write_huge(path: Path, nb) -> None:
    """A valid notebook over ``HUGE_MB`` MB: a giant markdown cell, streamed to disk."""
    padded = copy.deepcopy(nb)
    placeholder = "@@PADDING@@"
    cell = nbformat.v4.new_markdown_cell(placeholder)
    cell.id = "padding"
    padded.cells.insert(1, cell)
    head, tail = nbformat.writes(padded).split(placeholder, 1)
    chunk = "padding " * 2**17  # 1 MiB
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        for _ in range(HUGE_MB):
            handle.write(chunk)
        handle.write(tail)


def build_file(kind: str, nb, folder: Path, name: str) -> Path:
    path = folder / f"{name}{'.zip' if kind in ZIP_KINDS else '.ipynb'}"
    text = nbformat.writes(nb) if nb is not None else ""
    inner = f"{ASSIGNMENT}.ipynb"  # the notebook name grader.export() uses inside the zip
    log = b"placeholder Otter log: the kit never reads it"  # Otter's real log is a pickle
    if kind == "invalid-json":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not-a-notebook":
        path.write_text(_code_as_script(nb), encoding="utf-8")
    elif kind == "nbformat-v3":
        path.write_text(nbformat.writes(nbformat.convert(copy.deepcopy(nb), 3)), encoding="utf-8")
        assert json.loads(path.read_text(encoding="utf-8"))["nbformat"] == 3
    elif kind == "no-code-cells":
        stripped = copy.deepcopy(nb)
        stripped.cells = [c for c in stripped.cells if c.cell_type != "code"]
        nbformat.write(stripped, path)
    elif kind == "non-python-kernel":
        other = copy.deepcopy(nb)
        other.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
        other.metadata["language_info"] = {"name": "R"}
        nbformat.write(other, path)
    elif kind == "huge":
        _write_huge(path, nb)
        assert path.stat().st_size > 100 * 2**20
    elif kind == "zip-not-otter":
        _zip(path, {"README.md": b"# my homework\n", f"{ASSIGNMENT}.py": _code_as_script(nb).encode()})
    elif kind == "zip-two-notebooks":
        _zip(path, {inner: text.encode(), f"{ASSIGNMENT} (copy).ipynb": text.encode(),
                    ".OTTER_LOG": log})
    elif kind == "otter-zip":
        _zip(path, {inner: text.encode(), ".OTTER_LOG": log,
                    "__zip_filename__": path.name.encode()})
    else:
        raise ValueError(f"unknown file builder {kind!r}")
    return path


# -- the class -----------------------------------------------------------------------------------


def load_entries() -> list[dict]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for entry in entries:
        assert entry.get("name") and entry.get("expect", {}).get("status") in (
            "graded", "error", "timeout", "killed"), entry
    return entries


def substitute(code: str | None, places: dict[str, str]) -> str | None:
    if code is None:
        return None
    for key, value in places.items():
        code = code.replace("{" + key + "}", value)
    return code


def write_entry(kit: Kit, entry: dict, folder: Path, places: dict[str, str]) -> Path:
    replace = {k: substitute(v, places) for k, v in (entry.get("replace") or {}).items()}
    base = entry.get("base")
    nb = kit.notebook(base, replace, substitute(entry.get("append"), places)) \
        if base or replace or entry.get("append") else None
    if entry.get("file"):
        return build_file(entry["file"], nb, folder, entry["name"])
    path = folder / f"{entry['name']}.ipynb"
    nbformat.write(nb, path)
    return path


def base_file_name(base) -> str:
    return f"base {base}.ipynb"


# -- what the machine looks like -----------------------------------------------------------------


def sandbox_processes() -> dict[int, str]:
    listing = subprocess.run(["ps", "-eo", "uid=,pid=,comm="], capture_output=True, text=True,
                             check=True).stdout
    found = {}
    for line in listing.splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2 and (int(parts[0]) == NOBODY or int(parts[0]) >= SANDBOX_UID_MIN):
            found[int(parts[1])] = f"uid {parts[0]} pid {parts[1]} {parts[2] if len(parts) > 2 else ''}"
    return found


def of_live_grader(description: str) -> bool:
    """A sandbox user's process whose grader (uid - 200000) is still alive belongs to a grading
    still running elsewhere on this machine; this batch's graders are gone by now."""
    uid = int(description.split()[1])
    return uid >= SANDBOX_UID_MIN and Path(f"/proc/{uid - SANDBOX_UID_MIN}").exists()


def sandbox_folders() -> set[str]:
    """The sandboxes' working folders and multiprocessing's (forkserver sockets) in the temp dir."""
    scratch = Path(tempfile.gettempdir())
    return {p.name for pattern in ("autograder-sub-*", "pymp-*") for p in scratch.glob(pattern)}


def in_use_elsewhere(name: str) -> bool:
    """Whether a scratch folder belongs to a grading that is still running (another test run on
    this machine): a sandbox folder whose grader (uid - 200000) is alive, or a multiprocessing
    folder whose sockets a live process still listens on. This batch's graders are gone by now."""
    path = Path(tempfile.gettempdir(), name)
    try:
        if name.startswith("autograder-sub-"):
            uid = path.stat().st_uid
            return uid >= SANDBOX_UID_MIN and Path(f"/proc/{uid - SANDBOX_UID_MIN}").exists()
        sockets = {str(p) for p in path.iterdir()}
        return any(line.split()[-1] in sockets
                   for line in Path("/proc/net/unix").read_text().splitlines()[1:]
                   if len(line.split()) >= 8)
    except OSError:
        return False


def git_status() -> set[str]:
    return set(subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                              cwd=release.ROOT, capture_output=True, text=True,
                              check=True).stdout.splitlines())


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def marked_files(site: str, folders: list[Path]) -> list[Path]:
    """Files with MARKER in their name in the scratch places, the project and the given folders,
    and a sitecustomize.py in the environment."""
    found = []
    for place in ("/", "/tmp", "/var/tmp", "/dev/shm", "/root", "/etc", site, "/autograder"):
        with contextlib.suppress(OSError):
            found += [p for p in Path(place).iterdir() if MARKER in p.name]
    if Path(site, "sitecustomize.py").exists() and MARKER in Path(site, "sitecustomize.py").read_text(
            errors="replace"):
        found.append(Path(site, "sitecustomize.py"))
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", "node_modules"}
    for folder in [release.ROOT, *folders]:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in skip]
            found += [Path(root, f) for f in files if MARKER in f]
    return sorted(set(found))


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections made to it."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.socket.close()


# -- reading the outputs -------------------------------------------------------------------------


def gradebook_rows(out: Path) -> list[dict]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def kit_record(out: Path, submission: str) -> dict:
    path = batch.results_path(out, submission)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["extra_data"]["kit"]
    except (OSError, ValueError, KeyError) as error:
        return {"missing": f"{path.name}: {error}"}


def describe(row: dict | None, record: dict | None) -> str:
    if row is None:
        return "no row"
    record = record or {}
    points = {k: v for k, v in row.items() if re.fullmatch(r"q\d+", k)}
    return (f"status={row.get('status')!r} points={points} total={row.get('total')!r} "
            f"flags={record.get('flags')!r} reason={record.get('reason', '')!r} "
            f"cell_errors={[e.get('type') for e in record.get('cell_errors') or []]} "
            f"seconds={row.get('seconds')}")


def bilingual(reason: str) -> bool:
    english = report.english_part(reason)
    return (bool(CJK.search(reason)) and bool(re.search(r"[A-Za-z]{3,}", english))
            and not CJK.search(english))


def question_points(row: dict) -> dict[str, float | None]:
    values = {}
    for key, value in row.items():
        if re.fullmatch(r"q\d+", key) and value != "manual":
            values[key] = float(value) if value not in ("", None) else None
    return values


# -- the test ------------------------------------------------------------------------------------


def test_hostile_and_broken_submissions_in_one_batch(built, assignment, tmp_path):
    entries = load_entries()
    kit = Kit(built[ASSIGNMENT]["student"])
    folder, out, canary = tmp_path / "class", tmp_path / "out", tmp_path / "canary"
    for path in (folder, canary):
        path.mkdir()
    (canary / "keep.txt").write_text("the canary's content\n", encoding="utf-8")
    site = sysconfig.get_paths()["purelib"]
    listener = Listener()
    places = {"PROJECT": str(release.ROOT), "CLASS": str(folder), "OUT": str(out),
              "CANARY": str(canary), "SITE": site, "PORT": str(listener.port)}
    failures: list[str] = []
    found_marked: list[Path] = []
    before_processes = sandbox_processes()
    before_folders = sandbox_folders()
    before_git = git_status()
    had_autograder_root = Path("/autograder").exists()
    try:
        # The class: every entry, plus the honest notebooks.
        files: dict[str, dict] = {}  # file name -> entry (None for an honest notebook)
        for entry in entries:
            path = write_entry(kit, entry, folder, places)
            assert path.name not in files, f"two entries make {path.name}"
            files[path.name] = entry
        for name, wrong in HONEST.items():
            nbformat.write(kit.notebook(wrong), folder / f"{name}.ipynb")
            files[f"{name}.ipynb"] = None
        class_before = tree(folder)
        canary_before = tree(canary)

        # The bases, without tricks, and the honest notebooks, without the hostile ones.
        alone = tmp_path / "alone"
        alone.mkdir()
        bases = sorted({e["base"] for e in entries if e["expect"].get("same_score_as_base")},
                       key=str)
        for base in bases:
            nbformat.write(kit.notebook(base), alone / base_file_name(base))
        for name in HONEST:
            (alone / f"{name}.ipynb").write_bytes((folder / f"{name}.ipynb").read_bytes())
        batch.grade_class(assignment, alone, tmp_path / "alone-out", workers=WORKERS,
                          limits=LIMITS, dist=release.DIST)
        alone_rows = {r["file"]: r for r in gradebook_rows(tmp_path / "alone-out")}
        for file in [base_file_name(b) for b in bases] + [f"{n}.ipynb" for n in HONEST]:
            row = alone_rows.get(file)
            if row is None or row["status"] != "graded":
                record = kit_record(tmp_path / "alone-out", row["submission"]) if row else None
                failures.append(f"baseline batch (bases without tricks, honest notebooks, no "
                                f"hostile ones): {file!r} is not graded\n"
                                f"      observed: {describe(row, record)}")

        # The hostile class, in one batch.
        started = time.monotonic()
        batch.grade_class(assignment, folder, out, workers=WORKERS, limits=LIMITS,
                          dist=release.DIST)
        elapsed = time.monotonic() - started
        bound = len(files) * TIMEOUT / WORKERS + SLACK
        print(f"\n{len(files)} files graded in {elapsed:.0f} s (bound {bound:.0f} s)")
        if elapsed > bound:
            failures.append(f"the batch took {elapsed:.0f} s, over the bound of {bound:.0f} s")

        # Exactly one row per file.
        rows = gradebook_rows(out)
        by_file: dict[str, dict] = {}
        for row in rows:
            if row["file"] in by_file:
                failures.append(f"two rows for {row['file']!r}")
            by_file[row["file"]] = row
        if len(rows) != len(files) or set(by_file) != set(files):
            failures.append(f"{len(rows)} rows for {len(files)} files; without a row: "
                            f"{sorted(set(files) - set(by_file))}; rows for no file: "
                            f"{sorted(set(by_file) - set(files))}")
        stems = [Path(f).stem for f in files]
        for file in files:
            expected_name = Path(file).stem if stems.count(Path(file).stem) == 1 else file
            if file in by_file and by_file[file]["submission"] != expected_name:
                failures.append(f"{file!r}: submission named {by_file[file]['submission']!r}, "
                                f"expected {expected_name!r}")
        report_html = (out / "report.html").read_text(encoding="utf-8") \
            if (out / "report.html").exists() else ""

        # Each entry's outcome.
        table = []
        for file, entry in files.items():
            row = by_file.get(file)
            record = kit_record(out, row["submission"]) if row else None
            table.append(f"  {file:55} {describe(row, record)}")
            if row is None:
                continue
            problems = check_entry(entry, file, row, record, alone_rows, report_html)
            failures += [f"{file!r}: {p}\n      observed: {describe(row, record)}"
                         for p in problems]
        print("\n".join(table))

        # Nothing stays behind, nothing was written outside.
        strays = {}
        for _ in range(50):
            strays = {p: d for p, d in sandbox_processes().items()
                      if p not in before_processes and not of_live_grader(d)}
            if not strays:
                break
            time.sleep(0.2)
        if strays:
            failures.append(f"processes of sandbox users still running: {sorted(strays.values())}")
        for _ in range(25):
            left = sorted(f for f in sandbox_folders() - before_folders if not in_use_elsewhere(f))
            if not left:
                break
            time.sleep(0.2)
        if left:
            failures.append(f"sandbox folders left in {tempfile.gettempdir()}: {left}")
        gained = sorted(line for line in git_status() - before_git
                        if not (line[3:].startswith("autograder/") and MARKER not in line))
        if gained:
            failures.append(f"the project gained files: {gained}")
        found_marked = marked_files(site, [folder, out, canary, tmp_path])
        if found_marked:
            failures.append(f"files written by hostile cells outside their sandbox: "
                            f"{[str(p) for p in found_marked]}")
        if not had_autograder_root and Path("/autograder").exists():
            failures.append("/autograder was created (a hostile cell's fake Gradescope results)")
        if tree(canary) != canary_before:
            failures.append(f"the canary folder changed: {canary_before} -> {tree(canary)}")
        if tree(folder) != class_before:
            failures.append("the class folder changed: "
                            f"{sorted(set(tree(folder).items()) ^ set(class_before.items()))}")
        expected_outputs = {"gradebook.csv", "report.html", selftest.MARKER, shards.RUN_FILE,
                            f"{manual.FOLDER}/{manual.SOURCES}"}
        for row in rows:
            safe = report.safe_filename(row["submission"])
            expected_outputs |= {f"results/{safe}.json", f"feedback/{safe}.html",
                                 f"feedback/{safe}.md"}
        extra = sorted(set(tree(out)) - expected_outputs)
        if extra:
            failures.append(f"unexpected files in the output folder: {extra}")
        if listener.connections:
            failures.append(f"{listener.connections} connection(s) reached 127.0.0.1:"
                            f"{listener.port} from a sandbox")
    finally:
        listener.close()
        _clean_up(before_processes, found_marked, had_autograder_root)

    assert not failures, f"{len(failures)} expectation(s) failed:\n" + "\n".join(failures)


def check_entry(entry: dict | None, file: str, row: dict, record: dict, alone_rows: dict,
                report_html: str) -> list[str]:
    problems = []
    if entry is None:  # an honest notebook: as if graded without the hostile ones
        mine = {k: v for k, v in row.items() if k != "seconds"}
        theirs = {k: v for k, v in alone_rows.get(file, {}).items() if k != "seconds"}
        if mine != theirs:
            problems.append(f"differs from grading it without the hostile submissions: "
                            f"{ {k: (mine.get(k), theirs.get(k)) for k in mine if mine.get(k) != theirs.get(k)} }")
        if row["status"] != "graded":
            problems.append(f"an honest notebook is not graded: {row['status']!r}")
        if record.get("flags"):
            problems.append(f"an honest notebook is flagged: {record.get('flags')}")
        return problems

    expect = entry["expect"]
    status = row["status"]
    if status != expect["status"]:
        problems.append(f"status {status!r}, expected {expect['status']!r}")
    reason = str(record.get("reason") or "")
    if status != "graded":
        if not reason.strip():
            problems.append("no reason for a row that is not graded")
        elif not bilingual(reason):
            problems.append(f"the reason is not in Chinese and English: {reason!r}")
    if expect.get("reason") and expect["reason"] not in report.english_part(reason):
        problems.append(f"the reason does not say {expect['reason']!r}")

    got = question_points(row)
    wanted: dict[str, float] = {}
    if expect.get("same_score_as_base"):
        base_row = alone_rows.get(base_file_name(entry["base"]))
        if base_row is None or base_row["status"] != "graded":
            problems.append(f"no graded baseline to compare with: base {entry['base']!r} is "
                            f"{base_row['status'] if base_row else 'missing'} in the baseline batch")
        else:
            wanted = {q: p for q, p in question_points(base_row).items()}
    for question, points in (expect.get("points") or {}).items():
        wanted[question] = float(points)
    if wanted:
        differs = {q: (got.get(q), p) for q, p in wanted.items() if got.get(q) != p}
        if differs:
            more = [q for q, (g, p) in differs.items() if g is not None and p is not None and g > p]
            what = "RAISED the score" if more else "scores differently"
            problems.append(f"{what} (question: (got, expected)): {differs}")

    flags = [str(f) for f in record.get("flags") or []]
    for wanted_flag in expect.get("flags") or []:
        matching = [f for f in flags if wanted_flag in f]
        if not matching:
            problems.append(f"no flag with {wanted_flag!r}")
            continue
        if wanted_flag not in row.get("flags", ""):
            problems.append(f"the gradebook's flags column lacks {wanted_flag!r}")
        if not any(html.escape(f, quote=True) in report_html for f in matching):
            problems.append(f"the report does not show the flag {matching[0]!r}")
    return problems


def _clean_up(before_processes: dict, marked: list[Path], had_autograder_root: bool) -> None:
    """Leave the machine as it was even when the grader did not: end the processes the hostile
    submissions left (by pid) and remove the files they wrote."""
    for pid, description in sandbox_processes().items():
        if pid not in before_processes and not of_live_grader(description):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    for path in marked:
        try:
            path.unlink()
        except OSError:
            pass
    if not had_autograder_root and Path("/autograder").is_dir():
        shutil.rmtree("/autograder", ignore_errors=True)
