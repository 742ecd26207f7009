"""The project-wide settings file, content/site.yaml: today its site_url, validated."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from jianbao.errors import Problem
from jianbao.model import Site
from jianbao.reader.load import EMPTY_FILE, INVALID, load_file
from jianbao.reader.schema import MISSING, Checker, describe

SITE_KEYS = ["site_url"]
EXPECTED_URL = "以 https:// 或 http:// 开头的网址，不带 ? 和 #，如 https://www.example.gov.cn/jianbao/"
_UNSAFE = re.compile(r"[\s<>\"'`\\{}|^\x00-\x1f\x7f]")


def site_url(text: str) -> str | None:
    """The URL as the public site uses it (ending in "/"), or None when it cannot be one."""
    if _UNSAFE.search(text):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises on a port that is no number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or "#" in text or "?" in text or parts.username or parts.password:
        return None
    return text if text.endswith("/") else text + "/"


def read_site(path: Path, name: str, problems: list[Problem]) -> Site:
    """The settings of content/site.yaml; a missing (or empty) file means none are set."""
    if not path.exists() and not path.is_symlink():
        return Site()
    doc, found = load_file(path, name)
    if doc is None and [p.found for p in found] == [EMPTY_FILE]:  # comments only: nothing set
        return Site()
    problems.extend(found)
    if doc is None or doc.data is None:
        return Site()
    check = Checker(doc, problems)
    if check.mapping((), SITE_KEYS) is None:
        return Site()
    value = check.get(("site_url",))
    if value is MISSING or value is None or value is INVALID:  # not set, or reported on loading
        return Site()
    url = site_url(value.strip()) if isinstance(value, str) else None
    if url is None:
        check.add(("site_url",), EXPECTED_URL, describe(value))
        return Site()
    return Site(url=url)
