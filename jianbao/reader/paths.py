"""How messages name a field: its keys joined by dots, and a list item counted from 1 the Chinese way (第1篇文章 body).

A path is a tuple of mapping keys and list indices, as the loader keeps lines by it:
("articles", 0, "highlights", 2, "lead") reads 第1篇文章 highlights 第3条 lead, and
("figures", "t", "rows", "喀什", 1) reads figures.t.rows.喀什 第2列. An editor counts from 1,
and “articles[0]” meant nothing to one. docs/editor.md explains the form.
"""

from __future__ import annotations

# The fields whose values are lists; an int after any other key is a mapping key (a period written
# 2017, a row named 1), printed as a key.
LIST_FIELDS = {"articles", "highlights", "charts", "photos", "tables", "columns", "distribution",
               "chart_fonts", "sign_roles"}
# How an item of a list is counted, by the list's field (默认“项”).
COUNTERS = {"highlights": "条", "columns": "列", "distribution": "行"}


def _is_index(path: tuple, k: int) -> bool:
    part = path[k]
    if not isinstance(part, int) or isinstance(part, bool) or k == 0:
        return False
    parent = path[k - 1]
    if isinstance(parent, int) and _is_index(path, k - 1):
        return True  # a list in a list
    if parent == "figures" and k > 1:
        return True  # a chart's figures (the figures: are a mapping)
    if k >= 2 and path[k - 2] == "rows" and path[0] == "figures":
        return True  # the cells of a table row
    return parent in LIST_FIELDS


def field_path(path: tuple) -> str:
    """The path as an editor reads it: 第1篇文章 body, 第1篇文章 highlights 第3条 lead, figures.t.columns 第2列."""
    out = ""
    after_item = False
    for k, part in enumerate(path):
        if _is_index(path, k):
            parent = path[k - 1]
            if parent == "articles" and k == 1:
                out = f"第{part + 1}篇文章"
            else:
                cells = k >= 2 and path[k - 2] == "rows" and path[0] == "figures"
                counter = "列" if cells else COUNTERS.get(parent, "项") if isinstance(parent, str) else "项"
                out += f" 第{part + 1}{counter}"
            after_item = True
            continue
        separator = " " if after_item else "." if out else ""
        out += f"{separator}{part}"
        after_item = False
    return out
