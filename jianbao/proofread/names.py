"""Names: one place written two ways in one issue (喀什 and 喀什地区).

The places are the row names of the issue's tables, the one list of places an issue spells out.
A row name with an administrative suffix (喀什地区) is matched against its stem standing alone
(喀什, but not 喀什市, another place); a row name without one against the stem with a suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jianbao.proofread.texts import NAME, Spot, TextField

SUFFIXES = ("自治州", "自治县", "地区", "州", "盟", "市", "县", "区", "旗")
_SUFFIX_START = "".join(sorted({s[0] for s in SUFFIXES}))


def places(fields: Iterable[TextField]) -> list[tuple[str, re.Pattern]]:
    """(row name, pattern of its other spelling) for every row name that could be a place."""
    out, seen = [], set()
    for field in fields:
        name = field.text.strip()
        if field.kind != NAME or name in seen:
            continue
        seen.add(name)
        suffix = next((s for s in SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2), None)
        if suffix:
            stem = re.escape(name[: -len(suffix)])
            out.append((name, re.compile(f"{stem}(?![{_SUFFIX_START}])")))
        elif len(name) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name):
            out.append((name, re.compile(f"{re.escape(name)}(?:自治州|地区|州|盟)")))
    return out


def first_use(fields: Iterable[TextField], pattern: re.Pattern) -> tuple[TextField, re.Match] | None:
    for field in fields:
        match = pattern.search(field.masked)
        if match:
            return field, match
    return None


def variant_spots(fields: list[TextField]) -> list[tuple[TextField, Spot]]:
    """The first other spelling of each place, once per issue, with where the row name is written."""
    out = []
    for name, pattern in places(fields):
        found = first_use(fields, pattern)
        if found is None:
            continue
        field, match = found
        row = next(f for f in fields if f.kind == NAME and f.text.strip() == name)
        out.append((field, Spot(match.start(), match.end(), "name-variant", "同一地名在本期中写法一致",
                                f"「{match.group(0)}」与「{name}」（第 {row.first_line} 行）两种写法",
                                "建议统一写法")))
    return out
