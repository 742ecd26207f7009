"""Chinese number formatting and the {{ figure.attribute }} placeholders that quote figures in text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal

from jianbao.model import AnyFigure, Period, PeriodFigure, TableFigure, ValueFigure
from jianbao.reader.schema import close_match

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1..99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def format_number(value: Decimal) -> str:
    """A number as the editor typed it: 73, 162.72, 1.50 (digits kept, no exponent)."""
    text = format(value, "f")
    return "0" if text in ("-0", "0") else text


def with_unit(number: str, unit: str) -> str:
    """Chinese typesetting puts no space between a number and its unit: 73%, 162.72亿元."""
    return f"{number}{unit}"


def format_value(value: Decimal, unit: str) -> str:
    return with_unit(format_number(value), unit)


def percent(part: Decimal, whole: Decimal, places: int = 2) -> str:
    """part of whole as a percentage rounded half-up: 162.72 of 201.41 → 80.79%."""
    # Wide enough for any ratio of two validated numbers (15 digits, 10 decimals each way).
    wide = Context(prec=80)
    ratio = wide.multiply(wide.divide(part, whole), 100).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=wide)
    return f"{format_number(ratio)}%"


def below_target(fig: TableFigure, column: int = 0) -> list[str]:
    if fig.target is None:
        return []
    return [name for name, values in fig.rows if values[column] < fig.target]


class PlaceholderError(ValueError):
    """A placeholder that names no figure or no attribute; `expected` lists what would work."""

    def __init__(self, expected: str, found: str, hint: str = ""):
        super().__init__(found)
        self.expected, self.found, self.hint = expected, found, hint


def _value_attrs(fig: ValueFigure) -> dict[str, str]:
    attrs = {"value": format_value(fig.value, fig.unit)}
    if fig.of is not None:
        attrs["of"] = format_value(fig.of, fig.unit)
        attrs["share"] = percent(fig.value, fig.of)
    if fig.target is not None:
        attrs["target"] = format_value(fig.target, fig.unit)
    return attrs


def _period_attrs(fig: PeriodFigure) -> dict[str, str]:
    first, last = fig.values[0], fig.values[-1]
    attrs = {
        "latest": format_value(last[1], fig.unit), "latest_period": last[0].label,
        "first": format_value(first[1], fig.unit), "first_period": first[0].label,
    }
    if fig.target is not None:
        attrs["target"] = format_value(fig.target, fig.unit)
        if fig.unit == "%" and last[1] != 0 and fig.target != 0:
            attrs["of_target"] = percent(last[1], fig.target)
    for period, value in fig.values:
        attrs[period.key] = format_value(value, fig.unit)
    return attrs


def _table_attrs(fig: TableFigure) -> dict[str, str]:
    attrs = {"count": str(len(fig.rows))}
    if fig.target is not None:
        attrs["target"] = format_value(fig.target, fig.unit)
        attrs["below_target"] = "、".join(below_target(fig)) or "无"
        attrs["below_target_count"] = str(len(below_target(fig)))
    for name, values in fig.rows:
        for column, value in zip(fig.columns, values, strict=True):
            attrs[f"{name}.{column}"] = format_value(value, fig.unit)
    return attrs


DEFAULT_ATTR = {ValueFigure: "value", PeriodFigure: "latest"}


def attributes(fig: AnyFigure) -> dict[str, str]:
    """Every attribute a placeholder may quote for this figure, formatted."""
    attrs = {"label": fig.label}
    if isinstance(fig, ValueFigure):
        attrs.update(_value_attrs(fig))
    elif isinstance(fig, PeriodFigure):
        attrs.update(_period_attrs(fig))
    else:
        attrs.update(_table_attrs(fig))
    return attrs


def resolve(expression: str, figures: Mapping[str, AnyFigure],
            known: dict[str, dict[str, str]] | None = None) -> tuple[str, str]:
    """`construction.latest` → ("construction", "73%"); raises PlaceholderError.

    `known` keeps each figure's attributes by id across calls for one issue: formatting every
    value of a table figure again for each placeholder was most of an issue's validation time.
    """
    fig_id, _, attr = expression.partition(".")
    fig = figures.get(fig_id)
    if fig is None:
        known = "、".join(sorted(figures)) or "本期尚未定义数字"
        raise PlaceholderError(f"已定义的数字名（{known}）", f"{{{{ {expression} }}}}",
                               _suggest(fig_id, figures))
    if known is None:
        attrs = attributes(fig)
    else:
        attrs = known.get(fig_id) or known.setdefault(fig_id, attributes(fig))
    attr = attr or DEFAULT_ATTR.get(type(fig), "")
    if attr not in attrs:
        raise PlaceholderError(f"{fig_id} 的属性之一（{'、'.join(attrs)}）",
                               f"{{{{ {expression} }}}}", _suggest(attr, attrs))
    return fig_id, attrs[attr]


def _suggest(word: str, choices) -> str:
    close = close_match(word, list(choices))
    return f"是否想写 {close}？" if close else ""


def substitute(text: str, figures: Mapping[str, AnyFigure], broken: frozenset = frozenset(),
               known: dict[str, dict[str, str]] | None = None):
    """Replace every placeholder; returns (text, figure ids used, [(offset, PlaceholderError)]).

    Placeholders naming a figure in `broken` (already reported as wrong) are left as they are.
    `known`: a dict kept for one issue's figures (see resolve).
    """
    used: set[str] = set()
    errors: list[tuple[int, PlaceholderError]] = []

    def replace(match: re.Match) -> str:
        if match.group(1).partition(".")[0] in broken:
            return match.group(0)
        try:
            fig_id, value = resolve(match.group(1), figures, known)
        except PlaceholderError as exc:
            errors.append((match.start(), exc))
            return match.group(0)
        used.add(fig_id)
        return value

    return PLACEHOLDER.sub(replace, text), used, errors


def period_from_key(key: str) -> Period | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", key.strip())
    if not match:
        return None
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return Period(int(match.group(1)), month)
