"""The 注：… and 数据来源：… lines under a table, chart or photo; a table that keeps them becomes a table figure."""

from __future__ import annotations

import re

from jianbao.importer.source import SourcePara, squeeze
from jianbao.importer.structure import Draft, DraftPara, DraftTable

NOTE_LINE = re.compile(r"^\s*(注|数据来源|资料来源|来源|摄影)\s*[：:]\s*(\S.*)$")
MAX_NOTE = 200  # the format's longest note or source line
# The validator's limits of a table figure (reader/validate_parts.py): within them the table is one.
NUMBER = re.compile(r"^(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$")
MAX_LABEL, MAX_COLUMNS, MAX_COLUMN, MAX_ROW_NAME, MAX_ROW_HEADER, MAX_ROWS = 40, 12, 20, 20, 10, 500


def is_note(item) -> bool:
    """A 注/数据来源 line: Jianbao's note style, or an unstyled line that opens with the label."""
    if not isinstance(item, SourcePara) or item.drawing:
        return False
    if item.style == "figure_note":
        return True
    text = item.text.strip()
    return item.style in ("", "body") and bool(NOTE_LINE.match(text)) and len(squeeze(text)) <= MAX_NOTE + 5


def take_notes(items: list, i: int) -> tuple[list[SourcePara], int]:
    """The note lines from items[i] on, and where they end."""
    found = []
    while i < len(items) and is_note(items[i]):
        found.append(items[i])
        i += 1
    return found, i


def notes_said(notes: list[SourcePara]) -> str:
    """The lines quoted for the report: 「注：…」「数据来源：…」."""
    return "".join(f"「{n.text.strip()}」" for n in notes)


def table_notes(table: DraftTable, notes: list[SourcePara], draft: Draft) -> list:
    """The table with its notes as note and source of a table figure (table1, table2 … through the
    issue), when the table can be one; otherwise the table and its notes as paragraphs under it, reported."""
    note, source = _split(notes)
    why = _not_a_figure(table) if note is not None else "注和数据来源不是各一行"
    if why:
        draft.miss(notes[0].where, f"表格下的{notes_said(notes)}按正文段落导入（{why}，表格只有写成数字表格才能带注），请核对")
        return [table] + [DraftPara(n.where, n.spans) for n in notes]
    draft.figure_tables += 1
    table.figure, table.note, table.source = f"table{draft.figure_tables}", note, source or ""
    draft.guess(table.where, f"表格「{table.title}」及其下的{notes_said(notes)}按数字表格导入（figures 中的 "
                             f"{table.figure}，放置处写作 {{{{ 表.{table.figure} }}}}），请核对数值")
    return [table]


def _split(notes: list[SourcePara]) -> tuple[str | None, str | None]:
    """(注, 数据来源) of the lines, each at most once, 注 first as printed; (None, None) for anything else."""
    note = source = None
    for para in notes:
        match = NOTE_LINE.match(para.text.strip())
        if not match:
            return None, None
        label, text = match.group(1), match.group(2).strip()
        if label == "注" and note is None and source is None:
            note = text
        elif label == "数据来源" and source is None:  # printed again with this label, and only this one
            source = text
        else:
            return None, None
    return (note or "", source) if note or source else (None, None)


def _not_a_figure(table: DraftTable) -> str:
    """Why the table cannot be a table figure printed the same (caption, heading row, numbers), or ""."""
    rows = table.rows
    if not table.title or len(table.title) > MAX_LABEL:
        return "没有表题" if not table.title else "表题过长"
    if len(rows) < 2 or len(rows) - 1 > MAX_ROWS or not 2 <= len(rows[0]) <= MAX_COLUMNS + 1:
        return "行列数不合数字表格的要求"
    head, *body = rows
    names = [row[0] for row in body]
    if not head[0] or len(head[0]) > MAX_ROW_HEADER or any(not c or len(c) > MAX_COLUMN for c in head[1:]) \
            or len(set(head[1:])) != len(head) - 1:
        return "表头不合数字表格的要求"
    if any(not n or len(n) > MAX_ROW_NAME for n in names) or len(set(names)) != len(names):
        return "各行的名称为空、过长或重复"
    if not all(NUMBER.match(cell) for row in body for cell in row[1:]):
        return "表中有不是数字的单元格"
    return ""

