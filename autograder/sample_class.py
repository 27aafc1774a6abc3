"""A realistic class of submissions for one assignment, to try the grader on before students do.

Every submission is made from what the kit already has: the released solution notebook, the student
release and the catalogue of right and wrong answers. A submission notebook is the solution with
the code cell that defines a function or class (``def <name>(`` or ``class <name>``) replaced by a catalogue entry's
code; everything else is kept. On top of correct and partly wrong ones the class holds broken files
(truncated JSON, an empty file, Otter export zips, ...) and hostile or accidental cells appended at
the end of a notebook (endless loops, ``os._exit``, a huge allocation, monkey-patching torch),
and one correct notebook is a disguised copy of another submission (for ``similarity``; its
``about`` starts with "a disguised copy of <file>"). Each readable notebook also gets a written
answer for the manually graded questions and a plot output before them (for ``manual``).

    manifest = make_sample_class("<assignment>", Path("out/class"))

The manifest has one dict per file: ``file``, ``kind`` (correct | partly-wrong | broken | hostile),
``expect_status`` (graded | error | timeout | killed, as in ``Grade.status``) and ``about``.
"""

from __future__ import annotations

import ast
import copy
import csv
import io
import random
import re
import tokenize
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import nbformat

from . import catalogue, release

BROKEN = 7   # the broken files below
HOSTILE = 6  # the hostile cells below
ZIP_TIME = (2025, 3, 14, 10, 22, 31)  # fixed, so that the zips are byte-for-byte reproducible
DEMO_DEADLINE = "2025-03-14T23:59:00+08:00"  # the deadline write_roster's submitted_at is for

HOSTILE_CELLS = [
    # (code, expect_status, base notebook, about)
    ("while True:\n    pass\n", "timeout", "correct", "an endless loop in an extra last cell"),
    ("import time\ntime.sleep(10**6)\n", "timeout", "correct",
     "an extra last cell sleeps for ten days"),
    ("import os\nos._exit(0)\n", "killed", "correct", "an extra last cell ends the process"),
    ("big = bytearray(50 * 2**30)\n", "graded", "correct",
     "an extra last cell allocates 50 GiB: MemoryError under the cap, the rest is graded"),
    ("import torch\ntorch.Tensor.std = lambda self, *a, **k: torch.tensor(0.5)\n", "graded",
     "wrong", "an extra last cell patches torch.Tensor.std; its code is wrong: it must gain nothing"),
    ("raise SystemExit\n", "graded", "correct", "an extra last cell raises SystemExit"),
]

SURNAMES = [("张", "zhang"), ("李", "li"), ("王", "wang"), ("赵", "zhao"), ("陈", "chen"),
            ("刘", "liu"), ("杨", "yang"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
            ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("林", "lin")]
GIVEN = [("三", "san"), ("四", "si"), ("伟", "wei"), ("敏", "min"), ("静", "jing"), ("磊", "lei"),
         ("洋", "yang"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
         ("晓明", "xiaoming"), ("雨轩", "yuxuan"), ("子涵", "zihan"), ("浩然", "haoran")]


def make_sample_class(assignment: str, folder: Path, size: int = 40, seed: int = 0) -> list[dict]:
    """Write ``size`` submissions of ``assignment`` into ``folder``; return their manifest."""
    if not BROKEN + HOSTILE + 3 <= size <= len(SURNAMES) * len(GIVEN):
        raise ValueError(f"size must be {BROKEN + HOSTILE + 3}..{len(SURNAMES) * len(GIVEN)}")
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kit = _Kit(assignment)
    names = _file_names(rng, size)

    rest = size - BROKEN - HOSTILE
    n_correct = (rest + 1) // 2
    n_unfinished = max(1, rest // 9)
    n_wrong = rest - n_correct - n_unfinished
    plan = ([("correct", None)] * n_correct + [("partly-wrong", None)] * n_wrong
            + [("unfinished", i) for i in range(n_unfinished)]
            + [("broken", i) for i in range(BROKEN)] + [("hostile", i) for i in range(HOSTILE)])
    rng.shuffle(plan)

    manifest = []
    for (kind, index), stem in zip(plan, names):
        if kind == "correct":
            nb, about = kit.correct(rng)
            entry = _write(folder, stem, nb, "correct", "graded", about)
        elif kind == "partly-wrong":
            nb, about = kit.wrong(rng)
            entry = _write(folder, stem, nb, "partly-wrong", "graded", about)
        elif kind == "unfinished":
            nb, about = kit.unfinished(rng, as_released=index == 0)
            entry = _write(folder, stem, nb, "partly-wrong", "graded", about)
        elif kind == "broken":
            entry = _broken(kit, rng, index, folder, stem)
        else:
            code, status, base, about = HOSTILE_CELLS[index]
            # a wrong base gets its last autograded question wrong, so a patch that made a wrong
            # answer pass would show as points gained
            last = kit.questions[-1:]
            nb, base_about = kit.correct(rng) if base == "correct" else kit.wrong(rng, last)
            nb.cells.append(_code_cell(code, "hostile-cell"))
            entry = _write(folder, stem, nb, "hostile", status, f"{about}; {base_about}")
        manifest.append(entry)
    _written_answers(folder, manifest, seed)
    _disguised_copy(kit, folder, manifest, seed)
    return manifest


class _Kit:
    """The solution, the student release and the catalogue, indexed by question."""

    def __init__(self, assignment: str):
        self.solution = nbformat.read(release.DIST / assignment / "solution.ipynb", as_version=4)
        self.student_path = release.STUDENT_RELEASES / assignment / f"{assignment}.ipynb"
        self.student = nbformat.read(self.student_path, as_version=4)
        self.function = {}  # question -> name of the function it asks for
        self.correct_entries, self.wrong_entries = {}, {}
        for entry in catalogue.load(assignment):
            name = next(n for n in reversed(catalogue.defined_functions(entry.code))
                        if catalogue.function_cell(self.solution, n) is not None)
            self.function[entry.question] = name
            group = self.correct_entries if entry.verdict == "correct" else self.wrong_entries
            group.setdefault(entry.question, []).append(entry)
        self.questions = sorted(self.function, key=lambda q: catalogue.function_cell(self.solution, self.function[q]))

    def build(self, chosen: dict) -> nbformat.NotebookNode:
        """The solution with, per question, the chosen entry's code (None: keep the solution's)."""
        nb = copy.deepcopy(self.solution)
        for question, entry in chosen.items():
            if entry is not None:
                cell = nb.cells[catalogue.function_cell(nb, self.function[question])]
                _set_source(cell, catalogue.without_docstring(entry.code))
        return nb

    def correct(self, rng: random.Random):
        chosen = {q: rng.choice(self.correct_entries.get(q, []) + [None]) for q in self.questions}
        used = [e.name for e in chosen.values() if e is not None]
        return self.build(chosen), "all correct; catalogue entries: " + (", ".join(used) or "none")

    def wrong(self, rng: random.Random, picked: list[str] | None = None):
        """Wrong entries for the ``picked`` questions (default: 1-3 at random), others correct."""
        if picked is None:
            candidates = [q for q in self.questions if q in self.wrong_entries]
            picked = rng.sample(candidates, rng.randint(1, min(3, len(candidates))))
        chosen = {q: rng.choice(self.correct_entries.get(q, []) + [None]) for q in self.questions}
        chosen.update({q: rng.choice(self.wrong_entries[q]) for q in picked})
        wrong = [chosen[q].name for q in self.questions if q in picked]
        return self.build(chosen), "wrong: " + ", ".join(wrong) + "; the others correct"

    def unfinished(self, rng: random.Random, as_released: bool):
        """The student release as handed out, or the first questions done and the rest stubs."""
        if as_released:
            return copy.deepcopy(self.student), "unfinished: the student release as handed out"
        done = rng.randint(1, len(self.questions) - 1)
        nb = copy.deepcopy(self.solution)
        for question in self.questions[done:]:
            name = self.function[question]
            stub = self.student.cells[catalogue.function_cell(self.student, name)].source
            _set_source(nb.cells[catalogue.function_cell(nb, name)], stub)
        return nb, f"unfinished: {', '.join(self.questions[done:])} still raise NotImplementedError"


# Written answers for the manually graded questions (`manual` shows them to a TA): a range of
# quality, and one that tries to run script in the TA's page (it must show as text).
WRITTEN_ANSWERS = [
    "（演示答案）我的图和参考图一致：曲线先快后慢，说明我的实现是对的。\n\n"
    "(demo answer) My plot matches the reference: the curve falls fast, then slowly, so my code "
    "is right.",
    "（演示答案）我把参数调大以后，曲线变化得更快；调小以后更慢。原因是每一步的更新量与它成正比。\n\n"
    "(demo answer) With a larger parameter the curve changes faster, with a smaller one slower: "
    "each step's update is proportional to it.",
    "（演示答案）没来得及做。\n\n(demo answer) I ran out of time.",
    "（演示答案）**结论**:\n\n- 图 1 的数值稳定;\n- 图 2 的数值发散。\n\n"
    "(demo answer) **Findings**:\n\n- plot 1 stays stable;\n- plot 2 diverges.",
    "<script>alert('hi')</script> <img src=x onerror=alert(1)> "
    "（演示答案）这段文字里的脚本不能运行。\n\n(demo answer) The script in this text must not run.",
]


def _written_answers(folder: Path, manifest: list[dict], seed: int) -> None:
    """Give each readable notebook a written answer in every manual question's answer cell and a
    plot (a PNG output) in the code cell just before that question, as a student's run leaves it,
    and drop the solution's model answers.
    A random generator of its own leaves the rest of the class as it was."""
    rng = random.Random(f"written-answers-{seed}")
    for entry in manifest:
        if not entry["file"].endswith(".ipynb") or entry["kind"] == "broken":
            continue
        path = folder / entry["file"]
        nb = nbformat.read(path, as_version=4)
        # the solution's model answers: a student's notebook (from the student release) has none
        nb.cells = [c for c in nb.cells if not _tagged(c, "otter_assign_solution_cell")]
        for index, cell in enumerate(nb.cells):
            if _tagged(cell, "otter_answer_cell"):
                cell.source = rng.choice(WRITTEN_ANSWERS)
                plotted = _last_code_cell(nb, index)
                if plotted is not None:
                    plotted.outputs = [_plot_output(rng)]
        nbformat.write(nb, path, version=4)


def _tagged(cell, tag: str) -> bool:
    """A markdown cell with Otter Assign's ``tag``."""
    return cell.cell_type == "markdown" and tag in cell.metadata.get("tags", [])


def _last_code_cell(nb, before: int):
    """The last code cell before the question whose answer cell is at ``before``."""
    start = max((i for i in range(before) if "<!-- BEGIN QUESTION" in nb.cells[i].source),
                default=before)
    return next((nb.cells[i] for i in range(start - 1, -1, -1)
                 if nb.cells[i].cell_type == "code"), None)


def _plot_output(rng: random.Random) -> dict:
    """A small line plot as a notebook display output (image/png, base64)."""
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rate = rng.uniform(0.05, 0.5)
    figure, axes = plt.subplots(figsize=(3.2, 2.2), dpi=72)
    axes.plot([(1 - rate) ** step for step in range(30)])
    axes.set_xlabel("step")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return nbformat.v4.new_output("display_data", data={
        "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
        "text/plain": "<Figure size 230x158 with 1 Axes>"})


def _disguised_copy(kit: _Kit, folder: Path, manifest: list[dict], seed: int) -> None:
    """Overwrite one correct notebook with a disguised copy of another submission: its answer
    cells with local variables renamed, laid out anew (``ast.unparse``, two-space indents), with
    a new comment and in reverse order, moved up to where the first one was (a function is only ever
    defined earlier, so the notebook still runs). The similarity check must rank this pair
    first. A random generator of its own leaves the rest of the class as it was."""
    rng = random.Random(f"disguised-copy-{seed}")
    finished = [m for m in manifest if m["file"].endswith(".ipynb")
                and m["kind"] in ("correct", "partly-wrong")
                and not m["about"].startswith("unfinished")]
    source = rng.choice(finished)
    target = rng.choice([m for m in finished if m is not source and m["kind"] == "correct"])
    nb = nbformat.read(folder / source["file"], as_version=4)
    answers = sorted({catalogue.function_cell(nb, kit.function[q]) for q in kit.questions})
    cells = [nb.cells[i] for i in answers]
    for index in reversed(answers):
        del nb.cells[index]
    for cell in cells:  # each one inserted before the previous: reverse order
        _set_source(cell, "# 我的解法 / my solution\n" + _renamed_and_restyled(cell.source))
        nb.cells.insert(answers[0], cell)
    nbformat.write(nb, folder / target["file"], version=4)
    target.update(kind=source["kind"], about=f"a disguised copy of {source['file']} (renamed, "
                  f"reformatted, reordered, other comments); {source['about']}")


def _renamed_and_restyled(source: str) -> str:
    """The code with every variable its functions assign renamed (tmp0, tmp1, ...; parameters,
    keyword arguments and attributes keep their names), unparsed, indented by two spaces."""
    tree = ast.parse(source)
    parameters = {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    local = {name.id for function in ast.walk(tree)
             if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
             for name in ast.walk(function)
             if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store)} - parameters
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    fresh = (f"tmp{n}" for n in range(len(used) + len(local)) if f"tmp{n}" not in used)
    renamed = {name: next(fresh) for name in sorted(local)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in renamed:
            node.id = renamed[node.id]
    code = ast.unparse(tree) + "\n"
    in_string = {row for token in tokenize.generate_tokens(io.StringIO(code).readline)
                 if token.type == tokenize.STRING
                 for row in range(token.start[0] + 1, token.end[0] + 1)}
    return "".join(line if row in in_string else line[(len(line) - len(line.lstrip(" "))) // 2:]
                   for row, line in enumerate(io.StringIO(code).readlines(), 1))


def _broken(kit: _Kit, rng: random.Random, index: int, folder: Path, stem: str) -> dict:
    """The index-th kind of broken submission."""
    def raw(name, data, status, about):
        (folder / name).write_bytes(data)
        return {"file": name, "kind": "broken", "expect_status": status, "about": about}

    nb, _ = kit.correct(rng)
    text = nbformat.writes(nb)
    inner = kit.student_path.name  # the notebook name Otter's export uses inside the zip
    if index == 0:
        data = text.encode("utf-8")
        return raw(f"{stem}.ipynb", data[: len(data) // 2], "error", "invalid JSON: the notebook is cut off halfway")
    if index == 1:
        return raw(f"{stem}.ipynb", b"", "error", "an empty file")
    if index == 2:
        script = "\n\n".join(f"# In[{i}]:\n{c.source}" for i, c in enumerate(nb.cells)
                             if c.cell_type == "code")
        return raw(f"{stem}.ipynb", script.encode("utf-8"), "error",
                   "a text file, not a notebook: the .py download renamed to .ipynb")
    if index == 3:
        question = rng.choice(kit.questions)
        cell = nb.cells[catalogue.function_cell(nb, kit.function[question])]
        _set_source(cell, cell.source.rstrip() + '\n\nprint("done"\n')
        return _write(folder, stem, nb, "broken", "graded",
                      f"a syntax error in the {question} cell (unclosed parenthesis)")
    if index == 4:
        question = rng.choice(kit.questions)
        name = kit.function[question]
        renamed = name.rstrip("_") if name.endswith("_") else name + "_"
        cell = nb.cells[catalogue.function_cell(nb, name)]
        source = cell.source.replace(f"def {name}(", f"def {renamed}(", 1)
        _set_source(cell, re.sub(rf"^class {re.escape(name)}\b", f"class {renamed}", source,
                                 count=1, flags=re.MULTILINE))
        return _write(folder, stem, nb, "broken", "graded",
                      f"{question}: the function is renamed {name} -> {renamed}")
    zip_name = f"{stem} {Path(inner).stem}_2025_03_14T10_22_31_123456.zip"
    log = b"placeholder Otter log: the kit never reads it"  # Otter's real log is a pickle
    if index == 5:
        files = {inner: text.encode("utf-8"), ".OTTER_LOG": log,
                 "__zip_filename__": zip_name.encode("utf-8")}
        return raw(zip_name, _zip(files), "graded",
                   "an Otter export zip (notebook and .OTTER_LOG), all correct")
    files = {Path(inner).with_suffix(".py").name: text.encode("utf-8"), ".OTTER_LOG": log}
    return raw(zip_name, _zip(files), "error", "a zip with no notebook in it (.py and .OTTER_LOG)")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
    return buffer.getvalue()


def _write(folder: Path, stem: str, nb, kind: str, status: str, about: str) -> dict:
    name = f"{stem}.ipynb"
    nbformat.write(nb, folder / name, version=4)
    return {"file": name, "kind": kind, "expect_status": status, "about": about}


def _file_names(rng: random.Random, size: int) -> list[str]:
    """Distinct file stems the way students name things: Chinese, pinyin with spaces, plain."""
    people = _people(rng)
    patterns = ["{cn} hw1", "{py}", "student_{n:02d}", "{cn}_作业", "{py} (1)", "{cn}",
                "student_{n:02d}", "{py} homework"]
    return [rng.choice(patterns).format(cn=cn, py=py, n=n + 1)
            for n, (cn, py) in enumerate(people[:size])]








def _people(rng: random.Random) -> list[tuple[str, str]]:
    """Everyone a sample class may hold, (Chinese name, pinyin surname first), shuffled."""
    people = [(s + g, f"{sp} {gp}") for s, sp in SURNAMES for g, gp in GIVEN]
    rng.shuffle(people)
    return people


def write_roster(path: Path, manifest: list[dict], seed: int = 0, absent: int = 2) -> dict:
    """A roster CSV for the class ``make_sample_class(..., seed=seed)`` wrote (its manifest): ids
    ``student_01``..., each student's name as their file name has it (Chinese, or pinyin given
    name first, to show that the order does not matter), ``absent`` more students who submitted
    nothing, and a ``submitted_at`` column in which exactly one submission, a correct one, is
    late for DEMO_DEADLINE (by 1 day and 3 hours: 2 started days). Returns what the TA should
    see: {"late": file, "missing": [ids]}."""
    deadline = datetime.fromisoformat(DEMO_DEADLINE)
    people = _people(random.Random(seed))  # the order _file_names gave the files
    late = next(m["file"] for m in manifest if m["kind"] == "correct")
    rows = []
    for n, (cn, pinyin) in enumerate(people[: len(manifest) + absent]):
        entry = manifest[n] if n < len(manifest) else None
        surname, given = pinyin.split(" ")
        name = f"{given.title()} {surname.title()}" if entry and pinyin in entry["file"] else cn
        when = ""
        if entry is not None:
            offset = timedelta(days=1, hours=3) if entry["file"] == late else \
                -timedelta(hours=1 + n % 40, minutes=7 * n % 60)
            when = (deadline + offset).isoformat()
        rows.append([f"student_{n + 1:02d}", name, f"{surname}{given}{n + 1}@example.edu", when])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["id", "name", "email", "submitted_at"], *rows])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(buffer.getvalue(), encoding="utf-8")
    return {"late": late, "missing": [r[0] for r in rows[len(manifest):]]}


def _set_source(cell, source: str) -> None:
    cell.source = source
    cell.outputs, cell.execution_count = [], None


def _code_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id  # fixed, so that the notebook is reproducible
    return cell
