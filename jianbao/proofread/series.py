"""Dates across a series: an issue dated in the future, 期号 out of date order, an issue dated outside its year's folder.

These need every issue of the series and today's date, which the caller passes in: a check never
reads the clock, so the same files give the same findings on any day the caller names.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from pathlib import PurePosixPath

from jianbao.model import Issue, chinese_date
from jianbao.proofread.finding import Finding
from jianbao.reader.numbering import by_series, sequence_of

LineOf = Callable[[Issue, str], int | None]


def future_date(issue: Issue, today: datetime.date | None, line: int | None) -> list[Finding]:
    if today is None or issue.date <= today:
        return []
    return [Finding(issue.source, line, "date", "date-future", f"不晚于今天（{chinese_date(today)}）的日期",
                    issue.date.isoformat(), "建议核对签发日期")]


def year_folder(issue: Issue, line: int | None) -> list[Finding]:
    """An issue filed under bulletins/<series>/<year>/ but dated in another year (`new` files it by its date)."""
    folder = PurePosixPath(issue.source).parent.name
    if not (len(folder) == 4 and folder.isdigit()) or int(folder) == issue.date.year:
        return []
    kind = "增刊" if issue.supplement else "本期"
    return [Finding(issue.source, line, "date", "date-year", f"{folder}年内的日期（文件在 {folder}/ 文件夹中）",
                    issue.date.isoformat(),
                    f"{kind}应在所属年度内印发：建议核对日期，或把文件移到 {issue.date.year}/ 文件夹")]


def number_order(issues: Iterable[Issue], open_sources: Collection[str], line_of: LineOf) -> list[Finding]:
    """期号 and dates in opposite order within one run of 期号 (a series' year, or its 增刊).

    The later 期号 dated earlier is blamed, unless only the other can still change (it is the
    one proofread).
    """
    out = []
    for items in by_series(issues).values():
        runs: dict[tuple, list[Issue]] = {}
        for issue in items:
            runs.setdefault(sequence_of(issue), []).append(issue)
        for run in runs.values():
            run.sort(key=lambda i: i.number)
            for earlier, later in zip(run, run[1:], strict=False):
                if earlier.date <= later.date or earlier.number == later.number:
                    continue
                blamed, other = (later, earlier) if later.source in open_sources else (earlier, later)
                if blamed.source not in open_sources:
                    continue
                relation = "不早于" if blamed is later else "不晚于"
                out.append(Finding(blamed.source, line_of(blamed, "date"), "date", "number-order",
                                   f"{relation}{other.number_label}（{other.date.isoformat()}，{other.source}）的日期",
                                   f"{blamed.date.isoformat()}（{blamed.number_label}）",
                                   "期号应与日期先后一致：建议核对本期的 date 或 number"))
    return out
