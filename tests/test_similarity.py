"""Similarity (autograder/similarity.py): winnowing, what is compared and what is not, the outputs,
bad input, and the sample class's disguised copy ranked above every independent pair. Nothing here
runs student code or grades anything."""

from __future__ import annotations

import ast
import csv
import random
from itertools import combinations
from pathlib import Path

import nbformat
import pytest

from autograder import batch, cli, similarity

ORIGINAL = '''
import torch

def scale_rows(matrix, factor=2.0):
    """Scale every row."""
    result = []
    for row in matrix:
        # multiply each value
        result.append([value * factor for value in row])
    return torch.tensor(result)

def running_mean(values, window):
    total, means = 0.0, []
    for index, value in enumerate(values):
        total += value
        if index >= window:
            total -= values[index - window]
        means.append(total / min(index + 1, window))
    return means
'''
# The same code, disguised: functions swapped, names changed, another layout, other comments.
DISGUISED = '''
def running_mean(xs, w):
  acc, out = 0.0, []   # accumulate
  for i, x in enumerate(xs):
    acc += x
    if i >= w: acc -= xs[i - w]
    out.append(acc / min(i + 1, w),)
  return out


import torch
def scale_rows(m, k=2.0):
  res = [
      ]
  for r in m:
    res.append([(v * k) for v in r])
  return (torch.tensor(res))
'''
# Another student's own way to do the same two things.
INDEPENDENT = '''
import torch

def scale_rows(matrix, factor=2.0):
    return torch.as_tensor(matrix) * factor

def running_mean(values, window):
    out = []
    for end in range(1, len(values) + 1):
        chunk = values[max(0, end - window):end]
        out.append(sum(chunk) / len(chunk))
    return out
'''
STARTER = [
    "import torch\n",
    'def scale_rows(matrix, factor=2.0):\n    """Scale every row."""\n'
    '    raise NotImplementedError("implement scale_rows")\n',
    "def running_mean(values, window):\n    raise NotImplementedError\n",
    'for label in ["a", "b"]:\n    print(f"teaching cell: {label}")\n    print(label.upper())\n',
]


def compared(**students: list[str]) -> similarity.Comparison:
    return similarity.compare("demo", {name: (f"{name}.ipynb", cells)
                                       for name, cells in students.items()}, STARTER)


def score(comparison: similarity.Comparison, a: str, b: str) -> float:
    return next((p.score for p in comparison.pairs if {p.a.name, p.b.name} == {a, b}), 0.0)


# -- winnowing and normalisation ------------------------------------------------------------------

def test_winnowing_finds_every_shared_run_of_a_window():
    rng = random.Random(7)
    for _ in range(200):
        shared = [rng.getrandbits(64) for _ in range(similarity.WINDOW)]
        left = [rng.getrandbits(64) for _ in range(rng.randint(0, 30))] + shared + \
            [rng.getrandbits(64) for _ in range(rng.randint(0, 30))]
        right = [rng.getrandbits(64) for _ in range(rng.randint(0, 30))] + shared
        a, b = (similarity.winnow(hashes, similarity.WINDOW) for hashes in (left, right))
        assert set(a.values()) & set(b.values()), (left, right)
        assert len(a) < len(left) or len(left) <= similarity.WINDOW  # it does thin them out
    assert similarity.winnow([5, 3, 9], 6) == {1: 3}   # shorter than a window: its minimum
    assert similarity.winnow([], 6) == {}


def test_a_disguised_copy_scores_one_and_an_independent_answer_much_less():
    result = compared(original=["x = 1\n", ORIGINAL], disguised=[DISGUISED],
                      independent=[INDEPENDENT])
    assert score(result, "original", "disguised") == 1.0
    assert score(result, "original", "independent") < 0.2
    assert score(result, "disguised", "independent") < 0.2
    # reordered functions are still matched function to function
    assert set(similarity.matching_units(result.pairs[0])) == {"scale_rows ~ scale_rows",
                                                               "running_mean ~ running_mean"}


def test_a_changed_line_lowers_the_score_without_hiding_the_rest():
    edited = ORIGINAL.replace("total -= values[index - window]", "total = total * 0.5 - 1.0")
    result = compared(original=[ORIGINAL], edited=[edited])
    assert 0.3 < score(result, "original", "edited") < 1.0


def test_library_calls_are_kept_names_of_ones_own_are_not():
    left = "def f(a, b):\n    out = torch.nn.init.xavier_uniform_(a)\n    return out + b * 2 - a\n"
    same_but_renamed = left.replace("f(a, b)", "g(p, q)").replace("_(a)", "_(p)") \
        .replace("out", "w").replace("b * 2 - a", "q * 2 - p")
    other_call = left.replace("xavier_uniform_", "kaiming_normal_")
    result = compared(left=[left], renamed=[same_but_renamed], other=[other_call])
    assert score(result, "left", "renamed") == 1.0
    assert score(result, "left", "other") < 1.0


def test_moving_a_statement_into_a_block_is_a_change_a_one_line_block_is_not():
    outside = "def f(w, lr):\n    with torch.no_grad():\n        w -= lr * w.grad\n" \
              "    w.grad.zero_()\n    return w\n"
    inside = outside.replace("\n    w.grad.zero_()", "\n        w.grad.zero_()")
    one_line = "def f(w, lr):\n    with torch.no_grad(): w -= lr * w.grad\n" \
               "    w.grad.zero_()\n    return w\n"
    result = compared(outside=[outside], inside=[inside], one_line=[one_line])
    assert score(result, "outside", "one_line") == 1.0
    assert score(result, "outside", "inside") < 1.0


def test_code_that_most_of_the_class_shares_is_ignored():
    usual = "def usual(x):\n    return sorted(set(x), key=abs, reverse=True)[:3] + [len(x)]\n"
    own = [f"def own(y):\n    return [v * {n} for v in y if v % {n + 1} == 0] or [{n}]\n"
           for n in range(4)]
    result = compared(**{f"s{n}": [usual, own[n]] for n in range(4)},
                      copier=[ORIGINAL], copied=[DISGUISED])
    assert [(p.a.name, p.b.name) for p in result.pairs] == [("copied", "copier")]


def test_the_starter_code_is_never_compared():
    # Two submissions that only filled in different answers: everything they share was given.
    first = STARTER[:1] + ['def scale_rows(matrix, factor=2.0):\n    """Scale every row."""\n'
                           "    return torch.stack([torch.as_tensor(row, dtype=torch.float32) "
                           "* factor for row in matrix])\n"] + STARTER[2:]
    second = STARTER[:3] + ["def running_mean(values, window):\n"
                            "    return [sum(values[max(0, i - window + 1):i + 1]) / "
                            "min(i + 1, window) for i in range(len(values))]\n", STARTER[3]]
    untouched = list(STARTER)
    result = compared(first=first, second=second, untouched=untouched)
    assert result.pairs == []
    assert [s.name for s in result.without_own_code] == ["untouched"]
    # the teaching cell counts for nothing, even edited around and with a comment added
    teaching = "# mine\n" + STARTER[3] + "print('done')\n"
    assert compared(a=[teaching], b=[teaching]).pairs == []


def test_broken_code_and_magics_are_read_as_far_as_they_go():
    broken = ORIGINAL + "\n%matplotlib inline\n!ls\nprint(\"unclosed\"\n"
    result = compared(original=[ORIGINAL], broken=[broken], weird=["\x00\x0c))(("])
    assert score(result, "original", "broken") == 1.0


def test_the_order_of_the_submissions_changes_nothing():
    first = compared(a=[ORIGINAL], b=[DISGUISED], c=[INDEPENDENT])
    again = compared(c=[INDEPENDENT], b=[DISGUISED], a=[ORIGINAL])
    assert [(p.a.name, p.b.name, p.score) for p in first.pairs] == \
        [(p.a.name, p.b.name, p.score) for p in again.pairs]


# -- outputs --------------------------------------------------------------------------------------

HOSTILE_NAME = "=HYPERLINK(1)<script>alert(1)<"
HOSTILE_CODE = "def f(x):\n    s = '</pre><script>alert(2)</script>'\n    " + \
    "return [x + i for i in range(10) if i % 3 == 0 and s.startswith('<')]\n"


def test_outputs_rank_pairs_and_escape_student_text(tmp_path):
    result = compared(**{HOSTILE_NAME: [HOSTILE_CODE, ORIGINAL], "b": [HOSTILE_CODE, DISGUISED],
                         "c": [INDEPENDENT]})
    csv_path, html_path = similarity.write_outputs(result, tmp_path / "out", top=1)
    rows = list(csv.DictReader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == similarity.PAIRS_HEADER
    assert [float(r["score"]) for r in rows] == sorted((float(r["score"]) for r in rows),
                                                       reverse=True)
    assert rows[0]["score"] == "1.000" and {rows[0]["a"], rows[0]["b"]} == {"'" + HOSTILE_NAME, "b"}
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(2)" in page
    assert "&lt;script&gt;alert(1)" in page
    assert similarity.NOTE.splitlines()[0] in page and "never a penalty" in page
    assert page.count('<section class="pair"') == 1 and len(rows) == len(result.pairs) == 1
    assert '<span class="same">' in page


# -- the command line -----------------------------------------------------------------------------

def write_notebook(path: Path, cells: list[str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)


ENGLISH = {"unknown assignment": "no assignment named 'no-such-assignment'",
           "missing folder": "is not a folder of submissions",
           "no submissions": "no submissions (.ipynb or .zip) found",
           "one readable": "fewer than two readable submissions",
           "bad --top": "--top must be at least 1"}


@pytest.mark.parametrize("case", sorted(ENGLISH))
def test_bad_input_is_a_bilingual_error_and_writes_nothing(case, tmp_path, capsys):
    folder, out = tmp_path / "class", tmp_path / "out"
    folder.mkdir()
    write_notebook(folder / "alice.ipynb", [ORIGINAL])
    write_notebook(folder / "bob.ipynb", [DISGUISED])
    args = {"assignment": "param-init", "submissions": folder, "out": out, "top": 20}
    if case == "unknown assignment":
        args["assignment"] = "no-such-assignment"
    elif case == "missing folder":
        args["submissions"] = tmp_path / "nowhere"
    elif case == "no submissions":
        for notebook in folder.iterdir():
            notebook.unlink()
        (folder / "notes.txt").write_text("not a submission")
    elif case == "one readable":
        (folder / "bob.ipynb").write_text("{ not json")
    else:
        args["top"] = 0
    assert cli.similarity(**args) == 2
    message = capsys.readouterr().err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message   # Chinese
    assert ENGLISH[case] in message, message                                  # and English
    assert not out.exists()


# -- the sample class: a disguised copy ranks above every independent pair ------------------------

def answer_code(submission: Path) -> frozenset[str]:
    """A submission's functions and classes as ASTs, up to names (every name, argument and
    function name made "_") and without docstrings: two submissions with equal answer code hold
    the same answers whatever their names and layout, which no check robust to renaming can, or
    should, tell from a renamed copy (the sample class draws answers from a small catalogue)."""
    found = set()
    for source in batch.load_cells(submission)[0]:
        lines = source.splitlines()
        while True:   # a cell with a syntax error: its code up to the error
            try:
                tree = ast.parse("\n".join(lines))
                break
            except SyntaxError:
                lines.pop()
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                if ast.get_docstring(node) is not None:
                    node.body = node.body[1:]
                for inner in ast.walk(node):
                    for field in ("id", "arg", "name"):
                        if isinstance(getattr(inner, field, None), str):
                            setattr(inner, field, "_")
                found.add(ast.dump(node))
    return frozenset(found)


@pytest.mark.parametrize("assignment,size", [("param-init", 40), ("optimizers", 24)])
def test_the_disguised_copy_in_the_sample_class_ranks_above_every_independent_pair(
        built, tmp_path, assignment, size):
    from autograder.sample_class import make_sample_class

    folder = tmp_path / "class"
    manifest = make_sample_class(assignment, folder, size=size, seed=0)
    copy = next(m for m in manifest if m["about"].startswith("a disguised copy of "))
    source = copy["about"][len("a disguised copy of "):].split(" (renamed")[0]
    source_cells, copy_cells = (set(batch.load_cells(folder / f)[0])
                                for f in (source, copy["file"]))
    assert len(copy_cells - source_cells) >= 4     # really disguised: its answer cells differ

    result = similarity.compare_folder(assignment, folder)
    by_file = {s.file: s for s in result.submissions}
    code = {f: answer_code(folder / f) for f in by_file}
    # the copy copied everyone whose answers are the source's, word for word
    copied = {frozenset((copy["file"], f)) for f in by_file
              if f != copy["file"] and code[f] == code[source]}
    independent = {frozenset(p) for p in combinations(by_file, 2)
                   if frozenset(p) not in copied and code[p[0]] != code[p[1]]}
    assert len(independent) > len(by_file) ** 2 // 4
    scores = {frozenset((p.a.file, p.b.file)): p.score for p in result.pairs}
    lowest_copied = min(scores[pair] for pair in copied)
    highest_independent = max(scores.get(pair, 0.0) for pair in independent)
    assert lowest_copied > highest_independent, (lowest_copied, highest_independent)
    assert lowest_copied == 1.0


def test_the_command_writes_the_page_for_the_sample_class(built, tmp_path, capsys):
    from autograder.sample_class import make_sample_class

    folder, out = tmp_path / "class", tmp_path / "similar"
    manifest = make_sample_class("param-init", folder, size=16, seed=0)
    copy = next(m for m in manifest if m["about"].startswith("a disguised copy of "))
    assert cli.main(["similarity", "param-init", str(folder), "--out", str(out),
                     "--top", "3"]) == 0
    printed = capsys.readouterr().out
    assert "never a penalty" in printed and "不是处罚" in printed
    page = (out / "similarity.html").read_text(encoding="utf-8")
    assert page.count('<section class="pair"') == 3
    with open(out / "pairs.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["score"] == "1.000"
    assert any(Path(copy["file"]).stem in (r["a"], r["b"]) for r in rows if r["score"] == "1.000")
