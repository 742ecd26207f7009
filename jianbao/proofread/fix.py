"""Mechanical fixes applied to an issue file's text in place: line-local replacements that keep comments and layout."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jianbao.proofread.finding import Fix

_SPLIT_KEEPING_BREAKS = re.compile("(\r\n|[\r\n\x85\u2028\u2029])")
CONTEXT = 6  # characters shown either side of a change


@dataclass(frozen=True)
class Change:
    """One applied fix, as the editor is shown it: the file and line, and a stretch of the line before and after."""

    file: str
    line: int
    column: int
    before: str
    after: str


def apply_fixes(text: str, fixes: Iterable[Fix], file: str = "") -> tuple[str, list[Change]]:
    """The text with every fix whose `old` still stands at its place applied; overlapping ones wait for the next pass."""
    parts = _SPLIT_KEEPING_BREAKS.split(text)  # lines at even indexes, their breaks at odd ones
    by_line: dict[int, list[Fix]] = {}
    for fix in fixes:
        by_line.setdefault(fix.line, []).append(fix)
    changes = []
    for number in sorted(by_line):
        index = 2 * (number - 1)
        if not 0 <= index < len(parts):
            continue
        original = line = parts[index]
        limit = None
        for fix in sorted(by_line[number], key=lambda f: -f.column):  # right to left: columns stay true
            end = fix.column + len(fix.old)
            if line[fix.column:end] != fix.old or (limit is not None and end > limit):
                continue
            line, limit = line[:fix.column] + fix.new + line[end:], fix.column
            left = max(0, fix.column - CONTEXT)  # each change shown against the line as it was
            changes.append(Change(file, number, fix.column, original[left:end + CONTEXT],
                                  original[left:fix.column] + fix.new + original[end:end + CONTEXT]))
        parts[index] = line
    return "".join(parts), sorted(changes, key=lambda c: (c.line, c.column))


def shown(change: Change) -> str:
    """A change as one diff line: 文件:行: - 旧  + 新."""
    return f"{change.file}:{change.line}: - {change.before}  + {change.after}"
