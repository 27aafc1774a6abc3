"""The per-submission record: what grading one submission produced, in one typed structure.

A grader process builds it (``batch.grade_job``), the reports read it (``report.py``), and it is
saved as JSON inside the submission's Gradescope results, under ``extra_data.kit``, so that a rerun
can skip the submission. ``from_json`` reads what this or an older kit saved; JSON it cannot read
raises RecordError, and the caller grades the submission again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from .grading import CaseResult, Grade, QuestionResult

STATUSES = ("graded", "error", "timeout", "killed")


class RecordError(ValueError):
    """Saved JSON that is not a record this kit can read."""


@dataclass
class CellError:
    """A notebook cell that raised while the notebook ran."""

    cell: int | None  # the cell's index among the notebook's code cells; None if not reported
    type: str
    message: str

    @classmethod
    def from_json(cls, data) -> CellError:
        """Never raises: the sandboxed child that ran the student's code reported these, so any
        shape may arrive."""
        if not isinstance(data, dict):
            return cls(None, "", str(data)[:500])
        cell = data.get("cell")
        return cls(cell if type(cell) is int else None, str(data.get("type", ""))[:200],
                   str(data.get("message", ""))[:500])


@dataclass
class ManualGrade:
    """Points a person gave a manually graded question (merge-manual, see manual.py)."""

    points: float
    comment: str = ""
    # set when a regrade found the submission's content changed after this grade was given: the
    # grade is kept (nothing a TA typed is lost), but the answer may no longer be the one graded
    answer_changed: bool = False


@dataclass
class SubmissionRecord:
    submission: str  # the submission's name (its file name without the extension, see discover)
    file: str        # the file's name in the class folder
    key: str         # content hash and grader version: a saved record is reused only on a match
    status: str      # one of STATUSES
    reason: str = ""  # why it is not graded (Chinese, then English); empty when graded
    questions: list[QuestionResult] = field(default_factory=list)
    cell_errors: list[CellError] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # for a TA to look at (tricks, patches, ...)
    seconds: float = 0.0  # wall time spent grading it
    peak_memory_mb: float | None = None  # of the sandboxed child, when it finished normally
    manual_grades: dict[str, ManualGrade] = field(default_factory=dict)  # by question name

    @classmethod
    def from_grade(cls, grade: Grade, *, submission: str, file: str, key: str, seconds: float,
                   peak_memory_mb: float | None = None) -> SubmissionRecord:
        return cls(submission, file, key, grade.status, grade.reason, list(grade.questions),
                   [CellError.from_json(e) for e in grade.cell_errors], list(grade.flags),
                   seconds, peak_memory_mb)

    @property
    def graded(self) -> bool:
        return self.status == "graded"

    @property
    def total(self) -> float:
        """Points earned on the automatically graded questions plus merged manual grades; the
        manual questions in ``pending_manual`` are in neither ``total`` nor ``possible``."""
        return sum(self.question_points(q) or 0.0 for q in self.questions
                   if not q.manual or q.name in self.manual_grades)

    @property
    def possible(self) -> float:
        return sum(q.possible for q in self.questions
                   if not q.manual or q.name in self.manual_grades)

    @property
    def pending_manual(self) -> list[str]:
        """Manually graded questions with no merged grade yet (left out of the totals)."""
        return [q.name for q in self.questions if q.manual and q.name not in self.manual_grades]

    def question_points(self, question: QuestionResult) -> float | None:
        """A question's points: the merged manual grade for a manual one (None until merged)."""
        if not question.manual:
            return question.points
        grade = self.manual_grades.get(question.name)
        return None if grade is None else grade.points

    def to_json(self) -> dict:
        """Plain JSON data; total and possible are included for readers of the results file."""
        data = asdict(self)
        data.update(total=self.total, possible=self.possible)
        return data

    @classmethod
    def from_json(cls, data) -> SubmissionRecord:
        try:
            questions = [_build(QuestionResult, q, cases=[_build(CaseResult, c)
                                                          for c in q.get("cases") or []])
                         for q in data["questions"]]
            cell_errors = [CellError.from_json(e) for e in data.get("cell_errors") or []]
            manual_grades = {str(name): _build(ManualGrade, grade)
                             for name, grade in (data.get("manual_grades") or {}).items()}
            record = _build(cls, data, questions=questions, cell_errors=cell_errors,
                            flags=[str(f) for f in data.get("flags") or []],
                            manual_grades=manual_grades)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise RecordError(f"not a saved record: {type(error).__name__}: {error}") from None
        if record.status not in STATUSES:
            raise RecordError(f"not a saved record: unknown status {record.status!r}")
        return record


_SCALARS = {"str": str, "float": float, "int": int, "bool": bool}


def _build(cls, data, **parts):
    """A dataclass from saved JSON: fields given in ``parts`` as they are, scalar fields converted
    to their type, keys it does not know ignored; a missing field without a default raises."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    values = dict(parts)
    for item in fields(cls):
        if item.name not in values and item.name in data:
            convert = _SCALARS.get(item.type)  # annotations are strings (postponed evaluation)
            values[item.name] = convert(data[item.name]) if convert else data[item.name]
    return cls(**values)
