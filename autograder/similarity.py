"""Similar answer code across a class, for a person to look at: a flag, never a penalty.

    compared = compare_folder("<assignment>", Path("class"))   # reads, never runs, student code
    write_outputs(compared, Path("out/similarity"), top=20)     # pairs.csv and similarity.html

Only what the students wrote is compared. Each code cell is read with Python's own tokenizer
and normalised: comments, docstrings, imports, layout, grouping parentheses and trailing commas go;
string literals become one token; every name a student chose becomes one placeholder, while
keywords, builtins, imported modules and attributes (``torch.nn.init.normal_``) are kept, since
they say what the code does; "{" and "}" mark where blocks open and close. A cell of the student
release as handed out is skipped, and every run of at least K tokens that also occurs in the
release (teaching cells, stub signatures, ``raise NotImplementedError``) is left out of the rest.
Each top-level function, class or run of top-level statements is one unit; the K-token windows
(k-grams) of a unit never cross into another, so reordering functions or cells changes nothing.
Each unit's k-gram hashes are winnowed (Schleimer, Wilkerson and Aiken, "Winnowing: local
algorithms for document fingerprinting", SIGMOD 2003; the method of MOSS): any run of at least
K + WINDOW - 1 tokens that two submissions share yields at least one fingerprint both hold.
Fingerprints that more than half of the class holds are the usual answer, not a sign of copying,
and are ignored. A pair's score is the Jaccard index of its two fingerprint sets.

Hand-written rather than a library: copydetect (the maintained MOSS-like package on PyPI, 0.5.0)
hashes k-grams with Python's built-in hash(), which is salted per process, so its fingerprints and
its scores change from one run to the next; its Pygments tokens turn library attributes
(``nn.init.normal_``) into the same placeholder as a student's variable; and it reads source
files, not notebook cells, with k-grams that run across functions.
pycode_similar compares ASTs with difflib, one file pair at a time, and marks no regions. The
winnowing itself is fifteen lines (``winnow``); the rest is reading Python, which neither does as
this needs.
"""

from __future__ import annotations

import ast
import builtins
import csv
import hashlib
import io
import itertools
import keyword
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from . import batch, release, report
from .errors import BilingualError

# Tokens per k-gram: a shorter shared run is noise (`for V in V . V ( ) :` is 9). Measured on
# the sample classes of seven assignments, three seeds each: with K = 10 and WINDOW = 5 the
# disguised copy ranked above every independent pair in all 21 (by 0.06 or more); K = 8 failed
# twice, K = 12 left less of a margin.
K = 10
WINDOW = 5         # winnowing window: every shared run of K + WINDOW - 1 = 14 tokens is found
MAX_CELL_CHARS = 50_000   # a longer cell is read up to here: student text, possibly hostile
COMMON_SHARE = 0.5        # fingerprints held by more than this share of the class are ignored

NOTE = ("这份相似度报告只是提请助教人工查看的线索，不是处罚，也不是抄袭的证据："
        "简短的正确答案本来就会彼此相似。请先看标出的代码，再与学生本人沟通。\n"
        "This similarity report is a flag for a person to look at, never a penalty and not proof "
        "of copying: short correct answers are alike by nature. Read the marked code, then talk to "
        "the students.")
_BUILTINS = frozenset(dir(builtins))
_BLOCK_KEYWORDS = ("if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def",
                   "class", "async")
_SKIPPED = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER)
# Python 3.12 splits an f-string into parts; it is one STRING token before that.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


class SimilarityError(BilingualError):
    """Bad input (unknown assignment, missing folder, nothing to compare); bilingual message."""


@dataclass
class Token:
    text: str    # normalised
    start: int   # character offsets in the cell's source
    end: int


@dataclass
class Unit:
    name: str    # the function or class defined; "" for top-level statements
    cell: int    # index among the submission's code cells
    tokens: list[Token] = field(default_factory=list)   # the student's own tokens only
    hashes: list[int] = field(default_factory=list)     # of every k-gram of those tokens


@dataclass
class Submission:
    name: str
    file: str
    cells: list[str]
    given: list[list[tuple[int, int]]]   # per cell: where its code is the release's (characters)
    units: list[Unit]
    where: dict[int, list[tuple[int, int]]]   # fingerprint -> [(unit, first token)]
    grams: frozenset[int]                     # every k-gram hash, the release's left out
    prints: frozenset[int] = frozenset()      # fingerprints compared (common ones left out)


@dataclass
class Pair:
    a: Submission
    b: Submission
    shared: frozenset[int]

    @property
    def score(self) -> float:
        """Jaccard index: shared fingerprints over all fingerprints of the two."""
        return len(self.shared) / (len(self.a.prints) + len(self.b.prints) - len(self.shared))

    def contained(self, side: Submission) -> float:
        """The share of one side's fingerprints that the other side also holds."""
        return len(self.shared) / len(side.prints)


@dataclass
class Comparison:
    assignment: str
    submissions: list[Submission]
    pairs: list[Pair]                         # shared code only, highest score first
    unreadable: list[tuple[str, str]]         # (file, bilingual reason)

    @property
    def without_own_code(self) -> list[Submission]:
        return [s for s in self.submissions if not s.prints]


# -- input ----------------------------------------------------------------------------------------

def compare_folder(assignment: str, folder: Path) -> Comparison:
    """Compare every submission in ``folder``; raise SimilarityError on bad input."""
    starter = _release_cells(assignment)
    folder = Path(folder)
    if not folder.is_dir():
        raise SimilarityError(f"{folder} 不是一个装着提交的文件夹。",
                              f"{folder} is not a folder of submissions.")
    jobs = batch.discover(folder, "")
    if not jobs:
        raise SimilarityError(f"没有在 {folder} 里找到提交（.ipynb 或 .zip）。",
                              f"no submissions (.ipynb or .zip) found in {folder}")
    cells, unreadable = {}, []
    for job in jobs:
        try:
            cells[job.name] = (Path(job.path).name, batch.load_cells(Path(job.path))[0])
        except batch.SubmissionError as error:
            unreadable.append((Path(job.path).name, str(error)))
    if len(cells) < 2:
        raise SimilarityError(f"{folder} 里可读的提交不到两份，无法比较。",
                              f"fewer than two readable submissions in {folder}: nothing to "
                              "compare.")
    return compare(assignment, cells, starter, unreadable)


def _release_cells(assignment: str) -> list[str]:
    """The student release's code cells: the starter code every student was given."""
    path = release.STUDENT_RELEASES / assignment / f"{assignment}.ipynb"
    if assignment not in release.assignment_names() or not path.is_file():
        known = ", ".join(release.assignment_names()) or "无 / none"
        raise SimilarityError(f"没有名为 {assignment!r} 的作业（已有：{known}）。",
                              f"no assignment named {assignment!r} (known: {known}).")
    return batch.load_cells(path)[0]


# -- fingerprints ---------------------------------------------------------------------------------

def compare(assignment: str, cells: dict[str, tuple[str, list[str]]], starter: list[str],
            unreadable: list[tuple[str, str]] = ()) -> Comparison:
    """``cells``: submission name -> (file name, code cells). ``starter``: the release's cells."""
    given = Starter.of(starter)
    submissions = [_submission(name, file, code, given)
                   for name, (file, code) in sorted(cells.items())]
    held: dict[int, int] = {}
    for submission in submissions:
        for fingerprint in submission.where:
            held[fingerprint] = held.get(fingerprint, 0) + 1
    limit = max(2, COMMON_SHARE * len(submissions))  # a pair's own code is never "common"
    for submission in submissions:
        submission.prints = frozenset(f for f in submission.where if held[f] <= limit)
    pairs = [Pair(a, b, a.prints & b.prints) for i, a in enumerate(submissions)
             for b in submissions[i + 1:] if not a.prints.isdisjoint(b.prints)]
    pairs.sort(key=lambda p: (-p.score, -len(p.shared), p.a.name, p.b.name))
    return Comparison(assignment, submissions, pairs, list(unreadable))


@dataclass
class Starter:
    """What every student was given, as the comparison sees it."""
    cells: set[str]                 # the release's code cells, as written
    grams: set[int]                 # the hashes of all its k-grams
    libraries: set[str]             # the names its imports bind

    @classmethod
    def of(cls, cells: list[str]) -> Starter:
        libraries = set().union(*(_imported_names(_scan(c)) for c in cells))
        grams = {h for source in cells for unit in _units(source, _scan(source), 0, libraries)
                 for h in _kgram_hashes([t.text for t in unit.tokens])}
        return cls(set(cells), grams, libraries)


def _submission(name: str, file: str, cells: list[str], starter: Starter) -> Submission:
    """A submission's own code (every run of K tokens or more that the release also has left
    out) in units, and its fingerprints."""
    cells = [c[:MAX_CELL_CHARS] for c in cells]
    scanned = [[] if c in starter.cells else _scan(c) for c in cells]
    libraries = starter.libraries.union(*(_imported_names(raw) for raw in scanned))
    given, units = [], []
    for index, (source, raw) in enumerate(zip(cells, scanned)):
        if source in starter.cells:   # a cell of the release, as handed out
            given.append([(0, len(source))])
            continue
        given.append([])
        for unit in _units(source, raw, index, libraries):
            hashes = _kgram_hashes([t.text for t in unit.tokens])
            released = {i + j for i, h in enumerate(hashes) if h in starter.grams
                        for j in range(K)}
            given[-1] += [(t.start, t.end) for i, t in enumerate(unit.tokens) if i in released]
            unit.tokens = [t for i, t in enumerate(unit.tokens) if i not in released]
            units += [unit] if unit.tokens else []
    where: dict[int, list[tuple[int, int]]] = {}
    for number, unit in enumerate(units):
        unit.hashes = _kgram_hashes([t.text for t in unit.tokens])
        for position, fingerprint in winnow(unit.hashes, WINDOW).items():
            if fingerprint not in starter.grams:
                where.setdefault(fingerprint, []).append((number, position))
    grams = frozenset(h for unit in units for h in unit.hashes) - starter.grams
    return Submission(name, file, cells, given, units, where, grams)


def _kgram_hashes(texts: list[str]) -> list[int]:
    # blake2b, not hash(): Python's string hash is salted per process, and the same class must
    # give the same fingerprints on every run.
    return [int.from_bytes(hashlib.blake2b("\0".join(texts[i:i + K]).encode(),
                                           digest_size=8).digest(), "big")
            for i in range(len(texts) - K + 1)]


def winnow(hashes: list[int], window: int) -> dict[int, int]:
    """Robust winnowing: position -> hash of the minimum of every ``window`` consecutive hashes;
    on a tie the minimum already chosen for the previous window, else the rightmost. A sequence
    shorter than a window gives its minimum."""
    chosen: dict[int, int] = {}
    if not hashes:
        return chosen
    previous = -1
    window = min(window, len(hashes))
    for start in range(len(hashes) - window + 1):
        lowest = min(hashes[start:start + window])
        if not (previous >= start and hashes[previous] == lowest):
            previous = max(i for i in range(start, start + window) if hashes[i] == lowest)
        chosen[previous] = lowest
    return chosen


# -- tokens ---------------------------------------------------------------------------------------

def _scan(source: str) -> list[tokenize.TokenInfo]:
    """Python's tokens of a cell, up to where it stops being Python (a syntax error the student
    left in). IPython magics and shell lines are blanked first, keeping the line numbers."""
    lines = [("\n" if line.lstrip().startswith(("%", "!")) else line)
             for line in io.StringIO(source).readlines()]
    tokens = []
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return tokens


def _imported_names(raw: list[tokenize.TokenInfo]) -> set[str]:
    """Every name in an ``import`` or ``from ... import`` statement (modules and what they bind)."""
    names, in_import, line_start = set(), False, True
    for token in raw:
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            in_import, line_start = False, True
            continue
        if token.type in _SKIPPED:
            continue
        if line_start:
            in_import = token.string in ("import", "from")
            line_start = False
        if in_import and token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            names.add(token.string)
    return names


def _units(source: str, raw: list[tokenize.TokenInfo], cell: int,
           libraries: set[str]) -> list[Unit]:
    """The cell's top-level functions, classes and runs of top-level statements, each with its
    normalised tokens."""
    return _CellReader(source, cell, libraries).read(raw)


class _CellReader:
    """One pass over a cell's tokens. Besides the normalised tokens it writes "{" and "}" where a
    block opens and closes (a statement moved into or out of a block is a change), also for a
    one-line block (``if x: y`` reads as the two-line form)."""

    def __init__(self, source: str, cell: int, libraries: set[str]):
        self.offsets = [0]
        for text in io.StringIO(source).readlines():
            self.offsets.append(self.offsets[-1] + len(text))
        self.cell, self.libraries = cell, libraries
        self.units: list[Unit] = []
        self.depth, self.brackets = 0, 0
        self.grouping: list[bool] = []   # per open "(": grouping (dropped), or a call's
        self.previous = None             # the previous code token

    def read(self, raw: list[tokenize.TokenInfo]) -> list[Unit]:
        line_start, importing, header, one_liner, in_fstring = True, False, False, False, 0
        for i, token in enumerate(raw):
            if token.type in (tokenize.INDENT, tokenize.DEDENT):
                opens = token.type == tokenize.INDENT
                self.depth += 1 if opens else -1
                self._block("{" if opens else "}", token.end if opens else token.start)
                continue
            if token.type == tokenize.NEWLINE:
                if one_liner:
                    self._block("}", token.start)
                line_start, importing, header, one_liner = True, False, False, False
                continue
            if token.type in _SKIPPED or token.type == tokenize.ERRORTOKEN:
                continue
            # imports are left out: the same imports say nothing about copying
            importing = importing or (line_start and token.string in ("import", "from"))
            if importing:
                continue
            if in_fstring:   # Python 3.12+: the parts of an f-string are one string token
                in_fstring += {_FSTRING_START: 1, _FSTRING_END: -1}.get(token.type, 0)
                continue
            in_fstring = 1 if token.type == _FSTRING_START else 0
            header = header or (line_start and token.string in _BLOCK_KEYWORDS)
            self._token(raw, i, line_start)
            line_start = False
            if header and token.string == ":" and self.brackets == 0:   # the header's end
                header = False
                following = next((t for t in raw[i + 1:i + 3] if t.type != tokenize.COMMENT),
                                 None)
                if following is not None and following.type != tokenize.NEWLINE:
                    one_liner = True
                    self._block("{", token.end)
        for unit in self.units:
            unit.name = unit.name or ""
        return self.units

    def _token(self, raw: list[tokenize.TokenInfo], i: int, line_start: bool) -> None:
        token, previous = raw[i], self.previous
        if (line_start and self.depth == 0) or not self.units:
            _open_unit(self.units, token, self.cell)
        if self.units[-1].name is None and previous is not None and \
                previous.string in ("def", "class"):
            self.units[-1].name = token.string
        text = _normal(raw, i, previous, self.libraries, line_start)
        if token.type == tokenize.OP and token.string in "([{":
            self.brackets += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            self.brackets -= 1
        if token.string == "(":
            self.grouping.append(not _is_callee(None if line_start else previous))
            text = None if self.grouping[-1] else text
        elif token.string == ")" and self.grouping and self.grouping.pop():
            text = None
        self.previous = token
        if text is not None:
            self.units[-1].tokens.append(Token(text, self._at(token.start), self._at(token.end)))

    def _block(self, text: str, where: tuple[int, int]) -> None:
        if self.units:
            self.units[-1].tokens.append(Token(text, self._at(where), self._at(where)))

    def _at(self, where: tuple[int, int]) -> int:
        row, column = where
        return self.offsets[min(row, len(self.offsets)) - 1] + column


def _is_callee(token: tokenize.TokenInfo | None) -> bool:
    """Whether a "(" after this token calls (or defines) something, rather than groups."""
    return token is not None and (token.string in (")", "]") or (
        token.type == tokenize.NAME and not keyword.iskeyword(token.string)))


def _open_unit(units: list[Unit], token: tokenize.TokenInfo, cell: int) -> None:
    """A top-level statement starts a new unit, unless it continues the current one: a function
    after its decorators, or top-level statements after top-level statements."""
    defines = token.string in ("def", "class", "@", "async")
    current = units[-1] if units else None
    if defines and not (current is not None and current.name is None):
        units.append(Unit(None, cell))
    elif not defines and (current is None or current.name != ""):
        units.append(Unit("", cell))


def _normal(raw: list[tokenize.TokenInfo], i: int, previous, libraries: set[str],
            line_start: bool) -> str | None:
    """A token as it is compared, or None when it does not count."""
    token = raw[i]
    following = next((raw[j] for j in range(i + 1, len(raw))
                      if raw[j].type not in (tokenize.NL, tokenize.COMMENT)), None)
    if token.type == tokenize.NAME:
        keep = (keyword.iskeyword(token.string) or token.string in _BUILTINS
                or token.string in libraries or (previous is not None and previous.string == "."))
        return token.string if keep else "V"
    if token.type == tokenize.STRING or token.type == _FSTRING_START:
        docstring = line_start and (following is None or following.type == tokenize.NEWLINE)
        return None if docstring else "S"
    if token.type == tokenize.OP:   # a trailing comma: "(a, b,)", "x, = f()", "return a,"
        trailing_comma = token.string == "," and (following is None or following.string in (
            ")", "]", "}", "=") or following.type == tokenize.NEWLINE)
        return None if trailing_comma else token.string
    if token.type == tokenize.NUMBER:   # 1e-3 and 0.001, 100_000 and 100000 are one number
        try:
            return repr(ast.literal_eval(token.string))
        except (ValueError, SyntaxError):
            return token.string
    return None


# -- output ---------------------------------------------------------------------------------------

def write_outputs(compared: Comparison, out: Path, top: int = 20) -> tuple[Path, Path]:
    """Write ``out/pairs.csv`` (every pair that shares code) and ``out/similarity.html`` (the
    ``top`` pairs side by side); return their paths."""
    out = Path(out)
    csv_path, html_path = out / "pairs.csv", out / "similarity.html"
    report._write_atomic(csv_path, _pairs_csv(compared.pairs), encoding="utf-8-sig")
    report._write_atomic(html_path, report._render("similarity.html.j2",
                                                   **page_view(compared, top)))
    return csv_path, html_path


PAIRS_HEADER = ["rank", "a", "b", "score", "a_in_b", "b_in_a", "shared", "a_fingerprints",
                "b_fingerprints", "functions", "a_file", "b_file"]


def _pairs_csv(pairs: list[Pair]) -> str:
    """One row per pair that shares code, best first (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PAIRS_HEADER)
    for rank, pair in enumerate(pairs, 1):
        writer.writerow([rank, report._sheet_text(pair.a.name), report._sheet_text(pair.b.name),
                         f"{pair.score:.3f}", f"{pair.contained(pair.a):.3f}",
                         f"{pair.contained(pair.b):.3f}", len(pair.shared), len(pair.a.prints),
                         len(pair.b.prints), report._sheet_text("; ".join(matching_units(pair))),
                         report._sheet_text(pair.a.file), report._sheet_text(pair.b.file)])
    return buffer.getvalue()


def matching_units(pair: Pair) -> list[str]:
    """For each unit of a that shares code with b: "its name ~ b's unit sharing most with it"."""
    found = []
    for number, unit in enumerate(pair.a.units):
        mine = {f for f in pair.shared if any(u == number for u, _ in pair.a.where[f])}
        if not mine:
            continue
        counts: dict[int, int] = {}
        for fingerprint in mine:
            for other, _ in pair.b.where[fingerprint]:
                counts[other] = counts.get(other, 0) + 1
        best = min(counts, key=lambda u: (-counts[u], u))
        found.append(f"{_unit_label(unit)} ~ {_unit_label(pair.b.units[best])}")
    return found


def _unit_label(unit: Unit) -> str:
    return unit.name or f"cell {unit.cell + 1}"


def page_view(compared: Comparison, top: int) -> dict:
    """What similarity.html shows, as plain data for its template."""
    shown = compared.pairs[:top]
    return {
        "title": f"{compared.assignment}: 代码相似度 / code similarity",
        "note": NOTE,
        "k": K, "guarantee": K + WINDOW - 1, "common_share": f"{COMMON_SHARE:.0%}",
        "counts": {"submissions": len(compared.submissions), "pairs": len(compared.pairs),
                   "unreadable": len(compared.unreadable),
                   "empty": len(compared.without_own_code)},
        "rows": [_pair_row(rank, pair) for rank, pair in enumerate(shown, 1)],
        "pairs": [dict(_pair_row(rank, pair), a_cells=_marked_cells(pair.a, pair.b),
                       b_cells=_marked_cells(pair.b, pair.a))
                  for rank, pair in enumerate(shown, 1)],
        "unreadable": [{"file": f, "reason": r} for f, r in compared.unreadable],
        "empty": [s.name for s in compared.without_own_code],
    }


def _pair_row(rank: int, pair: Pair) -> dict:
    return {"rank": rank, "a": pair.a.name, "b": pair.b.name, "score": f"{pair.score:.2f}",
            "a_in_b": f"{pair.contained(pair.a):.0%}", "b_in_a": f"{pair.contained(pair.b):.0%}",
            "shared": len(pair.shared), "functions": matching_units(pair)}


def _marked_cells(submission: Submission, other: Submission) -> list[dict]:
    """The cells holding the student's own code, cut into segments: "same" (a run of at least K
    tokens that the other submission has too), "given" (a line of the release) or ""."""
    marked: dict[int, list[tuple[int, int]]] = {}
    for unit in submission.units:
        for position, gram in enumerate(unit.hashes):
            if gram in other.grams:
                marked.setdefault(unit.cell, []).extend(
                    (t.start, t.end) for t in unit.tokens[position:position + K])
    own = sorted({unit.cell for unit in submission.units})
    return [{"label": f"cell {cell + 1}",
             "segments": _segments(submission.cells[cell], submission.given[cell],
                                   marked.get(cell, []))} for cell in own]


def _segments(source: str, given: list[tuple[int, int]], same: list[tuple[int, int]]) -> list[dict]:
    kinds = [""] * len(source)
    for kind, spans in (("given", given), ("same", same)):
        spans = sorted(spans)
        for (start, end), (next_start, _) in zip(spans, spans[1:] + [(0, 0)]):
            # the spaces between two marked tokens of a line are marked too: a run reads as one
            if end < next_start and not source[end:next_start].strip(" \t"):
                end = next_start
            end = min(end, len(kinds))
            kinds[start:end] = [kind] * (end - start)
    return [{"kind": kind, "text": "".join(c for c, _ in run)}
            for kind, run in itertools.groupby(zip(source, kinds), key=lambda pair: pair[1])]
