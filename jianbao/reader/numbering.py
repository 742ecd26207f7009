"""Numbering of issues: their one order, duplicate 期号, 总第 N 期, gaps in 期号, and the next 期号 for `new`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from jianbao.errors import InputError, Problem
from jianbao.model import Issue, Series
from jianbao.reader.deferred import with_total

Warn = Callable[[str], None]
LineOf = Callable[[Issue, str], int | None]


@dataclass(frozen=True)
class Known:
    """An existing issue as far as its file can be read (`new`): a broken draft still holds its number."""

    number: int
    year: int | None
    date: datetime.date | None
    supplement: bool


Numbered = TypeVar("Numbered", Issue, Known)


def issue_order(issue: Issue | Known) -> tuple[datetime.date, bool, int]:
    """The one order of a series' issues: by date; on one date the regular issues before the 增刊; then by 期号.

    期号 compare within one kind only (增刊 are numbered on their own), so the kind comes before the
    number: ordering by (date, 期号) alone left 第1期 and 增刊第1期 of one day in file order. An unknown
    date (a draft `new` reads leniently) sorts first.
    """
    return (issue.date or datetime.date.min, issue.supplement, issue.number)


def by_series(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    """The issues of each series, series by id and each series' issues in issue_order (the catalog's order)."""
    groups: dict[str, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(issue.series.id, []).append(issue)
    return {series_id: sorted(groups[series_id], key=issue_order) for series_id in sorted(groups)}


def sequence(series: Series, supplement: bool, year: int | None) -> tuple[str, bool, int | None]:
    """The run of 期号 an issue belongs to: its series, its kind, and its year under yearly numbering (else 0)."""
    return (series.id, supplement, year if series.numbering == "yearly" else 0)


def sequence_of(issue: Issue) -> tuple[str, bool, int | None]:
    return sequence(issue.series, issue.supplement, issue.year)


def duplicates(issues: Iterable[Issue]) -> list[tuple[Issue, Issue]]:
    """(issue, earlier) for every issue whose 期号 an issue before it (in issue_order) already holds."""
    found = []
    for items in by_series(issues).values():
        holder: dict[tuple, Issue] = {}
        for issue in items:
            slot = (sequence_of(issue), issue.number)
            if slot in holder:
                found.append((issue, holder[slot]))
            holder[slot] = issue
    return found


def totals(issues: Iterable[Numbered], offset: int) -> list[tuple[Numbered, int]]:
    """总第 N 期 of the regular issues of one series, in issue_order: `offset` (total_offset) plus their place.

    增刊 are not counted. The count runs across years whatever the series' numbering.
    """
    regular = sorted((i for i in issues if not i.supplement), key=issue_order)
    return [(issue, offset + place) for place, issue in enumerate(regular, start=1)]


def number_issues(issues: Iterable[Issue], problems: list[Problem], line_of: LineOf = lambda issue, key: None,
                  named: Collection[str] = ()) -> list[Issue]:
    """The issues with 总第 N 期 filled in, in by_series order; duplicate 期号 and a wrong `total` go to `problems`.

    A duplicate is reported on the later of the two files, naming the earlier, unless only the
    earlier is `named` (on the command line): a build of the named files reports their problems
    only, and a file kept elsewhere must not pass for, and overwrite, an issue of the archive.
    """
    issues = list(issues)
    for issue, earlier in duplicates(issues):
        blamed, other = issue, earlier
        if other.source in named and blamed.source not in named:
            blamed, other = other, blamed
        where = _where(other.source, line_of(other, "number"))
        problems.append(Problem(blamed.source, line_of(blamed, "number"), "number", "同一系列同一年内不重复的期号",
                                f"{issue.number_label}与 {where} 重复"))
    out = []
    for items in by_series(issues).values():
        counted = {id(issue): total for issue, total in totals(items, items[0].series.total_offset)}
        for issue in items:
            if id(issue) in counted:
                total = counted[id(issue)]
                if issue.total is not None and issue.total != total:
                    problems.append(Problem(issue.source, line_of(issue, "total"), "total",
                                            f"总第{total}期（按存档推算）", f"总第{issue.total}期",
                                            "检查 total 或系列的 total_offset"))
                issue = with_total(issue, total)
            out.append(issue)
    return out


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def gap_problems(issues: Iterable[Issue]) -> list[Problem]:
    """Gaps in 期号: each year restarts at 1 (except the archive's first year, which may begin later).

    增刊 have their own sequence; a continuous series has one sequence across its years.
    """
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(sequence_of(issue), []).append(issue)
    first_year: dict[tuple[str, bool], int] = {}
    for (series_id, supplement, year) in groups:
        key = (series_id, supplement)
        first_year[key] = min(first_year.get(key, year), year)
    problems = []
    for (series_id, supplement, year), items in sorted(groups.items()):
        numbers = sorted({i.number for i in items})
        start = numbers[0] if not year or year == first_year[(series_id, supplement)] else 1
        missing = [n for n in range(start, numbers[-1] + 1) if n not in numbers]
        if not missing:
            continue
        after = min((i for i in items if i.number > missing[0]), key=lambda i: i.number)
        kind = "增刊第" if supplement else "第"
        where = f"{year}年" if year else ""
        listed = "、".join(f"{kind}{n}期" for n in missing)
        problems.append(Problem(after.source, None, "number", f"连续的期号（{where}{kind}{start}期起）",
                                f"{after.series.title}{where}缺少{listed}",
                                "缺少的期号请补录；如确实跳号，请核对本期的 number"))
    return problems


def check_gaps(issues: Iterable[Issue], *, strict: bool, warn: Warn | None) -> None:
    """Gaps stop the build with --strict; otherwise they are warnings."""
    problems = gap_problems(issues)
    if problems and strict:
        raise InputError(problems)
    for problem in problems:
        if warn:
            warn(str(problem))


def next_number(series: Series, known: Sequence[Known], date: datetime.date,
                supplement: bool = False) -> tuple[int, int | None]:
    """The 期号 after the highest of its sequence, and the 总第 N 期 a build will give it (None for a 增刊)."""
    wanted = sequence(series, supplement, date.year)
    number = max((k.number for k in known if sequence(series, k.supplement, k.year) == wanted), default=0) + 1
    if supplement:
        return number, None
    new = Known(number, date.year, date, supplement)
    return number, next(total for issue, total in totals([*known, new], series.total_offset) if issue is new)
