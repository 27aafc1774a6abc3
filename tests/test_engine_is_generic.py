"""The engine names no assignment, question or contract function: an assignment is a folder."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder import release
from autograder.grading import read_questions

ENGINE = Path(release.ROOT) / "autograder"


def engine_names() -> list[tuple[str, str, str]]:
    """(file, kind, text) for every definition, bare name and string constant in the engine."""
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.append((path.name, "definition", node.name))
            elif isinstance(node, ast.Name):
                found.append((path.name, "name", node.id))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path.name, "string", node.value))
    for path in sorted(ENGINE.rglob("*.j2")):
        found.append((path.name, "string", path.read_text(encoding="utf-8")))
    return found


def is_library_attribute(text: str) -> bool:
    """Whether ``text`` is the name of a torch attribute (``"modules"`` is a method of nn.Module
    before it is an assignment's name, and the engine's watch lists name such methods)."""
    import torch

    return any(hasattr(owner, text) for owner in (torch, torch.nn, torch.nn.Module, torch.Tensor))


def names_assignment(text: str, name: str) -> bool:
    """A string that refers to the assignment: its name alone, as a folder, or (for a hyphenated
    name, which no English text contains by chance) anywhere as a whole token."""
    if (text == name and not is_library_attribute(text)) or re.search(rf"(solutions|assignments|dist|catalogue)/{re.escape(name)}\b",
                                 text):
        return True
    return "-" in name and re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text) is not None


def test_no_assignment_question_or_contract_function_is_named(loaded):
    names = engine_names()
    bad = []
    for name, assignment in loaded.items():
        functions = set(assignment.function_names())
        questions = {q.name for q in read_questions(release.source_notebook(name))}
        for file, kind, text in names:
            if kind == "string" and names_assignment(text, name):
                bad.append(f"{file}: {text[:60]!r} names the assignment {name}")
            elif kind != "string" and text in functions:
                bad.append(f"{file}: the {kind} {text!r} is {name}'s contract function")
            elif kind == "string" and (text in functions or text in questions):
                bad.append(f"{file}: the string {text!r} is {name}'s function or question")
            elif kind == "string" and any(re.search(rf"`{re.escape(f)}`|\b{re.escape(f)}\(",
                                                    text) for f in functions):
                bad.append(f"{file}: {text[:60]!r} mentions one of {name}'s functions")
    assert not bad, "\n".join(bad)
