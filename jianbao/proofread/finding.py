"""A proofreading finding: where (file:line, field), what looks wrong, the suggestion, and a mechanical fix when there is one.

A Finding is not a Problem. A problem stops the build; a finding is a warning until --strict or
publish makes it one, and it carries what a problem has no use for: a stable code (what publish
records as accepted) and, for a mechanical mistake, the exact edit that mends it on its line.
It reads like a problem, so the editor meets one style of message either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianbao.errors import Problem


@dataclass(frozen=True)
class Fix:
    """Replace `old`, which stands at `column` (0-based) of `line` (1-based) of the file, by `new`."""

    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    """One thing that looks wrong to a proofreader; phrased like a Problem (in Chinese)."""

    file: str
    line: int | None
    field: str  # as problems name fields (reader/paths.py): 第1篇文章 body
    code: str  # the check that found it, e.g. punct-doubled (stable: publish records it)
    expected: str
    found: str
    hint: str = ""  # the suggestion: 建议……
    fix: Fix | None = None  # the mechanical edit, when no judgement is needed

    def problem(self) -> Problem:
        """The finding as an input problem: what --strict and publish stop on."""
        return Problem(self.file, self.line, self.field, self.expected, self.found, self.hint)

    def __str__(self) -> str:
        return str(self.problem())

    def record(self) -> dict:
        """How the archive manifest keeps an accepted finding."""
        return {"line": self.line, "field": self.field, "code": self.code, "message": str(self)}

    @property
    def order(self) -> tuple:
        return (self.file, self.line or 0, self.field, self.code, self.found)
