"""Typed field readers over a loaded YAML document that collect problems instead of raising."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from jianbao.errors import Problem
from jianbao.reader.load import INVALID, RawDoc, is_date, value_at
from jianbao.reader.paths import field_path

MISSING = object()

# Bounds that keep every computed share and every printed number short.
MAX_NUMBER_DIGITS, MAX_DECIMALS = 15, 10


def describe(value: Any) -> str:
    """How a found value reads in a message: its type and a short excerpt."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"是/否值 {str(value).lower()}"
    if isinstance(value, (int, Decimal, float)):
        return f"数字 {value}"
    if is_date(value):
        return f"日期 {value.isoformat()}"
    if isinstance(value, dict):
        return "键值对"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    text = str(value).replace("\n", " ")
    return f"「{text[:30]}…」" if len(text) > 30 else f"「{text}」"


def _excerpt(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def text_length(value: str) -> int:
    """How many characters a text has, as limits count them: the line break a block (|) ends with is not one."""
    return len(value.rstrip("\n"))


def _edits(a: str, b: str) -> int:
    """Typing slips between two words: letters added, dropped, changed or swapped (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice an unknown word was probably meant to be: one or two slips away (fewer for short words),
    or the choice it begins or ends with (series_id → series). None when nothing is that close: a
    "did you mean" for an unrelated word only misleads."""
    word = str(word)
    best = None
    for choice in choices:
        slips = _edits(word.lower(), choice.lower())
        allowed = 1 if len(choice) <= 4 else 2
        related = len(choice) >= 4 and (word.startswith(choice) or word.endswith(choice) or choice.startswith(word)
                                        and len(word) >= 4)
        if (slips <= allowed or related) and (best is None or slips < best[0]):
            best = (slips, choice)
    return best[1] if best else None


def _number_hint(value: Any) -> str:
    """Why a text is no number: YAML reads 1e300 (no point, no sign) as text, quoted or not."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return "数字不要用逗号分隔千位，也不要加引号"
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite() and not re.fullmatch(r"[-+]?\d+(?:\.\d*)?", text):
        plain = format(number, "f")
        example = f"如 {plain}" if len(plain) <= 20 else "不超过 15 位整数"
        return f"YAML 把「{text}」读成了文字而不是数字，这种科学计数法加不加引号都是文字：请直接写出数字，{example}"
    return "数字不要加引号或单位，单位写在 unit 字段"


class Checker:
    """Reads fields of one document; every problem is recorded with its file, line and field path."""

    def __init__(self, doc: RawDoc, problems: list[Problem]):
        self.doc, self.problems = doc, problems
        self.reported_missing: set = set()

    def add(self, path: Iterable, expected: str, found: str, hint: str = "", line: int | None = None) -> None:
        path = tuple(path)
        self.problems.append(Problem(self.doc.file, line or self.doc.line(path), field_path(path),
                                     expected, found, hint))

    def absent(self, value: Any, path: tuple, expected: str, required: bool) -> bool:
        """True when there is no usable value; reports it only when required and not yet reported."""
        if value is INVALID:
            return True
        if value is MISSING or value is None:
            if required and value is MISSING:
                self.missing(path, expected)
            elif required:
                self.add(path, expected, "空值")
            return True
        return False

    def missing(self, path: tuple, expected: str) -> None:
        """A required field is absent: said once, whichever check notices first."""
        key = (self.doc.file, path)
        if key not in self.reported_missing:
            self.reported_missing.add(key)
            self.add(path, expected, "缺少该字段")

    def get(self, path: tuple) -> Any:
        return value_at(self.doc.data, path, MISSING)

    def mapping(self, path: tuple, allowed: Iterable[str], required: Iterable[str] = ()) -> dict | None:
        """A mapping with known keys only ("did you mean" for the others) and its required keys."""
        value = self.get(path)
        if value is INVALID:
            return None
        if not isinstance(value, dict):
            self.add(path, "键值对（字段: 值）", describe(None if value is MISSING else value))
            return None
        allowed = list(allowed)
        for key in value:
            if key not in allowed:
                close = close_match(str(key), allowed)
                hint = f"是否想写 {close}？" if close else f"可用的字段：{'、'.join(allowed)}"
                self.add(path + (key,), "已知的字段", f"未知字段「{key}」", hint)
        for key in required:
            if key not in value:
                self.missing(path + (key,), f"必填字段 {key}")
        return value

    def text(self, path: tuple, *, required: bool = False, default: str = "", max_len: int = 0,
             single_line: bool = False) -> str:
        value = self.get(path)
        if self.absent(value, path, "文字", required):
            return default
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(path, "文字", describe(value))
            return default
        if required and not value.strip():
            self.add(path, "非空的文字", "空字符串")
        if single_line and "\n" in value.strip():
            self.add(path, "一行文字", "多行文字")
        if max_len and text_length(value) > max_len:
            self.add(path, f"不超过 {max_len} 个字", f"{text_length(value)} 个字")
        return value.strip() if single_line else value

    def integer(self, path: tuple, *, required: bool = False, minimum: int | None = None,
                maximum: int | None = None, default: int | None = None) -> int | None:
        value = self.get(path)
        if self.absent(value, path, "整数", required):
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, "整数", describe(value))
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"{minimum if minimum is not None else ''} 到 {maximum if maximum is not None else '…'}"
            self.add(path, f"{bounds} 之间的整数", str(value))
            return default
        return value

    def number(self, path: tuple, *, required: bool = False, minimum: Decimal | None = Decimal(0),
               maximum: Decimal | None = None) -> Decimal | None:
        value = self.get(path)
        if self.absent(value, path, "数字", required):
            return None
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            self.add(path, "有限的数字", "NaN" if math.isnan(value) else "无穷大")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.add(path, "数字", describe(value), _number_hint(value))
            return None
        number = Decimal(value)
        if not number.is_zero() and (number.adjusted() >= MAX_NUMBER_DIGITS
                                     or number.as_tuple().exponent < -MAX_DECIMALS):
            self.add(path, f"不超过 {MAX_NUMBER_DIGITS} 位整数、{MAX_DECIMALS} 位小数的数字",
                     _excerpt(format(number, "e") if abs(number.adjusted()) > 40 else format(number, "f")))
            return None
        if minimum is not None and number < minimum:
            self.add(path, f"不小于 {minimum} 的数字", str(value))
            return None
        if maximum is not None and number > maximum:
            self.add(path, f"不大于 {maximum} 的数字", str(value))
            return None
        return number

    def boolean(self, path: tuple, default: bool = False) -> bool:
        value = self.get(path)
        if self.absent(value, path, "", False):
            return default
        if not isinstance(value, bool):
            self.add(path, "是/否（true 或 false）", describe(value))
            return default
        return value

    def choice(self, path: tuple, choices: dict[str, str], default: str) -> str:
        """One of a few words; `choices` maps each to how it reads in Chinese."""
        value = self.get(path)
        if self.absent(value, path, "", False):
            return default
        if not isinstance(value, str) or value not in choices:
            listed = "、".join(f"{k}（{v}）" for k, v in choices.items())
            close = close_match(value, choices) if isinstance(value, str) else None
            self.add(path, f"以下之一：{listed}", describe(value), f"是否想写 {close}？" if close else "")
            return default
        return value

    def date(self, path: tuple, *, required: bool = False) -> datetime.date | None:
        value = self.get(path)
        if self.absent(value, path, "日期（如 2017-10-11）", required):
            return None
        if not is_date(value):
            self.add(path, "日期（如 2017-10-11）", describe(value), "日期写作 年-月-日，不加引号")
            return None
        return value

    def items(self, path: tuple, *, required: bool = False, max_items: int = 0) -> list:
        value = self.get(path)
        if value is INVALID:
            return []
        if value is MISSING and required:
            self.missing(path, f"必填字段 {path[-1]}")
        elif value is None and required:
            self.add(path, "列表（每项以 - 开头）", "空值")
        if value is MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "列表（每项以 - 开头）", describe(value))
            return []
        if max_items and len(value) > max_items:
            self.add(path, f"不超过 {max_items} 项", f"{len(value)} 项")
            return []
        return value
