"""Tables in plain text: pipe rows, columns spaced by pdftotext -layout, and the one-cell-a-line of plain pdftotext."""

from __future__ import annotations

import re

from jianbao.importer.source import SourcePara, SourceTable

PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
COLUMN_GAP = re.compile(r"\t+|[ \u3000]{2,}")
MAX_CELL = 20
NUMBER_CELL = re.compile(r"^[-+−]?\d[\d,，]*(?:\.\d+)?\s*[%％‰]?$")
MIN_CELLS = 4  # a heading row and a row of values, two columns each
MAX_COLUMNS = 8


def cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|") and line.endswith("|"):
        return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]
    return [c.strip() for c in COLUMN_GAP.split(line.strip(" \t\u3000")) if c.strip()]


def _row_like(found: list[str]) -> bool:
    return len(found) >= 2 and all(len(c) <= MAX_CELL and c[-1:] not in ("。", "，", "；") for c in found)


def table_end(block: list[tuple[int, str]], i: int) -> int:
    """The end of a table starting at line i (pipe rows, or two or more aligned columns), else i."""
    j = i
    while j < len(block) and PIPE_ROW.match(block[j][1]):
        j += 1
    if j - i >= 2:
        return j
    j, width = i, None
    while j < len(block):
        found = cells(block[j][1])
        if not _row_like(found) or width not in (None, len(found)):
            break
        width, j = len(found), j + 1
    return j if j - i >= 2 else i


def table_rows(block: list[tuple[int, str]]) -> list[list[str]]:
    return [cells(line) for _, line in block if not PIPE_RULE.match(line)]


def spaced_tables(items: list) -> list:
    """Rows that pdftotext -layout printed with blank lines between them (aligned one-line paragraphs),
    and the pieces of one table that a page break cut apart: one table, its heading row once."""
    out: list = []
    run: list = []  # SourcePara rows and SourceTable pieces of one column count

    def flush():
        rows = [r for item in run for r in (item.rows if isinstance(item, SourceTable) else [cells(item.text)])]
        if len(rows) >= 2:
            out.append(SourceTable(run[0].where, without_repeated_heading(rows)))
        else:
            out.extend(run)
        run.clear()

    def width(item) -> int:
        if isinstance(item, SourceTable):
            return len(item.rows[0]) if item.rows else 0
        found = cells(item.text) if isinstance(item, SourcePara) else []
        return len(found) if _row_like(found) else 0

    for item in items:
        if width(item) >= 2 and (not run or width(run[0]) == width(item)):
            run.append(item)
            continue
        flush()
        if width(item) >= 2:
            run.append(item)
            continue
        out.append(item)
    flush()
    return out


def without_repeated_heading(rows: list[list[str]]) -> list[list[str]]:
    """A table that runs over a page repeats its heading row there: kept once, at the top."""
    return rows[:1] + [row for row in rows[1:] if row != rows[0]]


def cell_tables(items: list, unsure: list[tuple[int, str]]) -> list:
    """Plain pdftotext gives each table cell a line of its own between blank lines: such a run of short
    lines becomes rows again when one count of columns fits it (a heading row of words, then columns
    that each hold numbers or each hold words). Either way the guess is put in `unsure`."""
    out: list = []
    run: list[SourcePara] = []
    for item in [*items, None]:
        if isinstance(item, SourcePara) and item.cell:
            run.append(item)
            continue
        out += _as_rows(run, unsure)
        run = []
        if item is not None:
            out.append(item)
    return out


def _as_rows(run: list[SourcePara], unsure: list[tuple[int, str]]) -> list:
    if len(run) < MIN_CELLS:
        for para in run:  # too few to be a table: a short line cut off its sentence may be joined again
            para.cell = False
        return run
    texts = [p.text.strip() for p in run]
    best: tuple[int, int, list[str]] | None = None  # columns, lines used, cells: most lines, then fewest columns
    for columns in range(2, min(MAX_COLUMNS, len(texts) // 2) + 1):
        kept, used = _cells_of(texts, columns)
        kept = kept[:len(kept) - len(kept) % columns]
        if _fits(kept, columns) and (best is None or used > best[1]):
            best = (columns, used, kept)
    if best is None:
        unsure.append((run[0].where, f"{len(run)} 个短行像是逐格排列的表格，但定不出列数，已逐行作为段落导入，请对照原件改为表格"))
        return run
    columns, used, kept = best
    rows = [kept[k:k + columns] for k in range(0, len(kept), columns)]
    unsure.append((run[0].where, f"逐行排列的 {len(kept)} 个单元格按 {columns} 列 {len(rows)} 行识别为表格，请核对"))
    return [SourceTable(run[0].where, rows), *run[used:]]


def _cells_of(texts: list[str], columns: int) -> tuple[list[str], int]:
    """The cells of a table of `columns` columns without the heading row it repeats after a page break,
    and how many of the lines they take up (a whole number of rows)."""
    head, kept, at = texts[:columns], texts[:columns], columns
    while at < len(texts):
        if texts[at:at + columns] == head:
            at += columns
            continue
        kept.append(texts[at])
        at += 1
    used = len(texts) - (len(kept) % columns)  # the lines after the last whole row stay paragraphs
    return kept, used


def _fits(texts: list[str], columns: int) -> bool:
    rows = [texts[k:k + columns] for k in range(0, len(texts), columns)]
    head, body = rows[0], rows[1:]
    if not body or any(NUMBER_CELL.match(c) for c in head):
        return False
    kinds = [{bool(NUMBER_CELL.match(row[j])) for row in body} for j in range(columns)]
    return all(len(k) == 1 for k in kinds) and any(True in k for k in kinds)
