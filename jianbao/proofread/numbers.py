"""Numbers: a 率 over 100%, a period after the issue's date, and a number typed in the text that a figure already holds."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from jianbao.model import AnyFigure, Issue, PeriodFigure, TableFigure, ValueFigure
from jianbao.proofread.finding import Finding
from jianbao.proofread.texts import Spot
from jianbao.reader.figures import attributes, period_from_key
from jianbao.reader.load import RawDoc
from jianbao.reader.paths import field_path

RATE_SUFFIX = "率"
MAY_EXCEED = "may_exceed_100"  # a figure field: its 率 may pass 100% (增长率, 超额完成率)
HUNDRED = Decimal(100)
_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?")
_QUOTED = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([^0-9].*)$")
_NOT_QUOTABLE = {"label", "latest_period", "first_period", "count", "below_target", "below_target_count"}


def _raw_figure(doc: RawDoc, fig_id: str) -> dict:
    figures = doc.data.get("figures") if isinstance(doc.data, dict) else None
    body = figures.get(fig_id) if isinstance(figures, dict) else None
    return body if isinstance(body, dict) else {}


def _line(doc: RawDoc, path: tuple) -> int | None:
    return doc.value_lines.get(path) or doc.line(path)


def _field(path: tuple) -> str:
    """A figure number's field as messages name it: a period or row key is a name (values.2018), never an index."""
    return field_path(path[:3] + (str(path[3]),) + path[4:]) if len(path) > 3 else field_path(path)


def _numbers(doc: RawDoc, fig: AnyFigure) -> Iterator[tuple[tuple, Decimal, str]]:
    """(path, value, what it is) of every number a figure holds, as written in the file."""
    base = ("figures", fig.id)
    if isinstance(fig, ValueFigure):
        yield base + ("value",), fig.value, fig.label
    if fig.target is not None:
        yield base + ("target",), fig.target, fig.label
    if isinstance(fig, PeriodFigure):
        keys = {period_from_key(str(k)): k for k in (_raw_figure(doc, fig.id).get("values") or {})}
        for period, value in fig.values:
            yield base + ("values", keys.get(period, period.key)), value, fig.label
    if isinstance(fig, TableFigure):
        for name, values in fig.rows:
            for i, (column, value) in enumerate(zip(fig.columns, values, strict=True)):
                yield base + ("rows", name, i), value, column if column.endswith(RATE_SUFFIX) else fig.label


def rates_over_100(file: str, doc: RawDoc, figures: Mapping[str, AnyFigure]) -> list[Finding]:
    """A percentage over 100 for a 率 (by its label, or its column in a table), unless the figure allows it."""
    out = []
    for fig in figures.values():
        if fig.unit != "%" or _raw_figure(doc, fig.id).get(MAY_EXCEED) is True:
            continue
        for path, value, what in _numbers(doc, fig):
            if what.endswith(RATE_SUFFIX) and value > HUNDRED:
                out.append(Finding(file, _line(doc, path), _field(path), "rate-over-100",
                                   f"不超过 100% 的比率（{what}）", f"{value}%",
                                   f"建议核对；确实可以超过 100% 的比率，请在数字 {fig.id} 中写 {MAY_EXCEED}: true"))
    return out


def periods_after(file: str, doc: RawDoc, issue: Issue) -> list[Finding]:
    """A period that begins after the issue is dated: its numbers cannot be known yet."""
    out = []
    for fig in issue.figures.values():
        if not isinstance(fig, PeriodFigure):
            continue
        for path, _, _ in _numbers(doc, fig):
            if path[2] != "values":
                continue
            period = period_from_key(str(path[3]))
            if period is not None and datetime.date(period.year, period.month or 1, 1) > issue.date:
                out.append(Finding(file, doc.line(path), _field(path), "period-future",
                                   f"不晚于本期日期（{issue.date_label}）的时期", period.label,
                                   "建议核对时期，或本期的 date"))
    return out


def quotable(figures: Mapping[str, AnyFigure]) -> list[tuple[str, Decimal, str]]:
    """(unit, value, placeholder) of every attribute a text could quote instead of typing its number."""
    out = []
    for fig_id, fig in figures.items():
        for attr, shown in attributes(fig).items():
            match = _QUOTED.match(shown)
            if attr in _NOT_QUOTABLE or not match:
                continue
            if isinstance(fig, PeriodFigure) and attr == fig.values[-1][0].key:
                attr = "latest"
            elif isinstance(fig, PeriodFigure) and attr == fig.values[0][0].key:
                attr = "first"
            out.append((match.group(2), Decimal(match.group(1)), f"{fig_id}.{attr}"))
    return sorted(out, key=lambda item: -len(item[0]))  # 亿元 before 元


def typed_numbers(text: str, candidates: list[tuple[str, Decimal, str]]) -> list[Spot]:
    """Each number with its unit typed in a (masked) text that equals a figure's: quote the figure instead."""
    out = []
    for match in _NUMBER.finditer(text):
        rest = text[match.end():]
        try:
            number = Decimal(match.group(0))
        except InvalidOperation:
            continue
        found = next(((unit, name) for unit, value, name in candidates if rest.startswith(unit) and value == number),
                     None)
        if found is None:
            continue
        unit, name = found
        typed = match.group(0) + unit
        out.append(Spot(match.start(), match.end() + len(unit), "number-typed", f"引用数字的 {{{{ {name} }}}}",
                        f"手写的「{typed}」，与数字 {name} 相同",
                        f"建议改为 {{{{ {name} }}}}，数字改动时正文随之一致"))
    return out
