"""Recognising tricks in a submission's source, for a person to review (never to score).

Read with ``ast`` in the grading process; nothing is executed. The only pattern looked for here is
special-casing inputs: a graded function that compares a tensor's shape or size with constants,
as in ``if tensor.shape == (40, 30): ...`` — the tell-tale of an answer written to pass the public
tests' inputs. (Patched library and kit functions are recognised in the sandbox, see warmup.py;
forbidden calls by the hidden tests, see checks.forbid_calls.)
"""

from __future__ import annotations

import ast

SHAPE_WORDS = {"shape", "size", "numel"}


def special_cased_inputs(cells: list[str], functions: list[str]) -> list[str]:
    flags = []
    for source in cells:
        if not any(f"def {name}" in source or f"class {name}" in source for name in functions):
            continue  # parse only cells that define a graded function or class
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in functions:
                for compare in ast.walk(node):
                    if isinstance(compare, ast.Compare) and _shape_against_constant(compare):
                        flags.append(f"special-cased inputs: {node.name} compares "
                                     f"`{ast.unparse(compare)[:80]}`")
    return sorted(set(flags))


def _shape_against_constant(compare: ast.Compare) -> bool:
    if not all(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in compare.ops):
        return False
    sides = [compare.left, *compare.comparators]
    return any(_mentions_shape(s) for s in sides) and any(_constant(s) for s in sides)


def _mentions_shape(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        return False  # len(t.shape) == 2 asks for a dimension count, not for particular sizes
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in SHAPE_WORDS:
            return True
    return False


def _constant(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):  # torch.Size([40, 30])
        return bool(node.args) and all(_constant(a) for a in node.args)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_constant(e) for e in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, int) \
        and not isinstance(node.value, bool) and node.value > 1
