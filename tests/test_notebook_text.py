"""The text of the committed student notebooks: every question is stated once, and where a cell
says something in Chinese and in English, both halves give the same numbers.

A student who reads two statements of one task wonders which of them is graded; a number that
differs between the two languages (a batch of 512 in Chinese, 32 in English) is a contradiction.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from autograder import release

ASSIGNMENTS = release.assignment_names()
# The line the release writes into the stub of every function the student must write.
# A method's stub names its class ("请实现 Net.forward"): the class is what the student writes.
STUB = re.compile(r'raise NotImplementedError\("请实现 (\w+)(?:\.\w+)? / implement \1(?:\.\w+)?"\)')
# A question's heading starts a line, after optional '#'s or '**': "问题 3", "Question 3", "Q3".
HEADING = re.compile(r"^[ \t#*]*(?:问题\s*(\d+)|Question\s+(\d+)|Q(\d+)\b)", re.M)
GRADER_CHECK = re.compile(r'grader\.check\("q(\d+)"\)')
CJK = re.compile(r"[\u4e00-\u9fff]")
# Language-neutral text, the same in both halves or shared by them: math, code, HTML comments.
NEUTRAL = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`|<!--.*?-->", re.S)
# A label written in both languages with the same number, "问题 3 / Question 3" or
# "2 分 / 2 points": consistent by construction, and its halves are hard to tell apart on one line.
PAIRED = re.compile(r"[\u4e00-\u9fff]+[ \t]*(\d+)[ \t]*/[ \t]*[A-Za-z]+[ \t]+\1(?![\d.])"
                    r"|(?<![\d.])(\d+)[ \t]*[\u4e00-\u9fff]+[ \t]*/[ \t]*\2[ \t]+[A-Za-z]+")
# Section and list numbers ("## 8.", "### 8.2", "1.") are written once for both languages.
NUMBERING = re.compile(r"^[ \t]*(?:#+[ \t]*)?\d+(?:\.\d+)*\.?[ \t]", re.M)
# A number standing on its own: not the 64 of float64 nor the 2 of Conv2d.
NUMBER = re.compile(r"(?<![A-Za-z_\d.])\d+(?:\.\d+)?(?![A-Za-z_\d])")


def student_cells(name: str) -> list[dict]:
    path = release.STUDENT_RELEASES / name / f"{name}.ipynb"
    return read_cells(path)


def read_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [dict(cell, source="".join(cell["source"])) for cell in cells]


def markdown(cells: list[dict]) -> list[str]:
    return [cell["source"] for cell in cells if cell["cell_type"] == "markdown"]


def contract_functions(cells: list[dict]) -> list[str]:
    """The functions the student must write, as named by their stubs."""
    code = "\n".join(cell["source"] for cell in cells if cell["cell_type"] == "code")
    return list(dict.fromkeys(STUB.findall(code)))


def heading_numbers(text: str) -> set[int]:
    return {int(next(n for n in match if n)) for match in HEADING.findall(text)}


def specifications(cells: list[dict]) -> dict[str, int]:
    """For each contract function, how many question cells name it (a name in backticks)."""
    questions = [text for text in markdown(cells) if heading_numbers(text)]
    return {function: sum(bool(re.search(rf"`{re.escape(function)}(?!\w)", text))
                          for text in questions)
            for function in contract_functions(cells)}


def headings(cells: list[dict]) -> Counter:
    """For each question number, how many cells carry its heading."""
    return Counter(n for text in markdown(cells) for n in heading_numbers(text))


def numbers_by_language(text: str) -> tuple[set[str], set[str], bool]:
    """The numbers of the Chinese and of the English part of a cell, and whether it has English.

    A line with Chinese in it is split at " / " (the notebooks write "中文 / English" on one line);
    a piece with Chinese characters is Chinese, any other piece English."""
    text = NUMBERING.sub(" ", PAIRED.sub(" ", NEUTRAL.sub(" ", text)))
    chinese, english, has_english = set(), set(), False
    for line in text.splitlines():
        for piece in line.split(" / ") if CJK.search(line) else [line]:
            if CJK.search(piece):
                chinese.update(NUMBER.findall(piece))
            else:
                english.update(NUMBER.findall(piece))
                has_english = has_english or bool(re.search(r"[A-Za-z]{3,}", piece))
    return chinese, english, has_english


def number_mismatches(cells: list[dict]) -> list[str]:
    found = []
    for index, text in enumerate(markdown(cells)):
        chinese, english, has_english = numbers_by_language(text)
        if CJK.search(text) and has_english and chinese != english:
            found.append(f"markdown cell {index} ({text.splitlines()[0][:50]!r}): "
                         f"only in Chinese {sorted(chinese - english)}, "
                         f"only in English {sorted(english - chinese)}")
    return found


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_function_is_specified_once(name):
    counts = specifications(student_cells(name))
    assert counts, f"{name}: no stub names a function to write"
    wrong = {function: n for function, n in counts.items() if n != 1}
    assert not wrong, (f"{name}: each function the student writes needs exactly one question "
                       f"cell stating it; cells per function: {wrong}")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_question_is_headed_once(name):
    cells = student_cells(name)
    counts = headings(cells)
    checked = {int(n) for cell in cells if cell["cell_type"] == "code"
               for n in GRADER_CHECK.findall(cell["source"])}
    assert checked <= set(counts), f"{name}: questions without a heading: {checked - set(counts)}"
    repeated = {n: count for n, count in counts.items() if count != 1}
    assert not repeated, f"{name}: questions stated in more than one cell: {repeated}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_chinese_and_english_give_the_same_numbers(name):
    mismatches = number_mismatches(student_cells(name))
    assert not mismatches, f"{name}: " + "\n".join(mismatches)


def test_the_checks_see_a_question_stated_twice_and_a_number_that_differs():
    def cell(kind, source):
        return {"cell_type": kind, "source": source}

    cells = [cell("markdown", "Teaching.\n\n### 问题 1 / Question 1\n\n实现 `f(x)`。\n\n"
                              "Implement `f(x)`."),
             cell("markdown", "**Q1 (2 分 / 2 points).** 实现 `f(x)`。\n\nImplement `f(x)`."),
             cell("code", 'def f(x):\n    raise NotImplementedError("请实现 f / implement f")'),
             cell("markdown", "## 8. 输入是 512 × 256 / Inputs\n\nThe batch is 32 × 256, `float64`.")]
    assert specifications(cells) == {"f": 2}
    assert headings(cells) == {1: 2}
    mismatches = number_mismatches(cells)
    assert len(mismatches) == 1 and "Chinese ['512'], only in English ['32']" in mismatches[0]
