"""The draft as issue-file YAML, written by hand (blocks as `|` scalars) and checked by the validator."""

from __future__ import annotations

import json
import re

from jianbao.errors import Problem
from jianbao.importer.footnotes import Calls
from jianbao.importer.source import FOOTNOTE_MARK, Span
from jianbao.importer.structure import Draft, DraftArticle, DraftHeading, DraftList, DraftPara, DraftTable
from jianbao.model import Issue, Series
from jianbao.reader.load import parse
from jianbao.reader.schema import Checker
from jianbao.reader.validate import validate_issue

# Characters Python-Markdown (or markup.py's link scan) would read as markup; a backslash keeps them
# literal. `(` is escaped so that 「[通知](附件)」 is no link syntax either.
_ESCAPE = re.compile(r"([\\`*_{}\[\]()>#])")
_LIST_START = re.compile(r"^(\d+)\.(?=\s|$)")


def md_text(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def md_spans(spans: list[Span], line_start: bool = True) -> str:
    """Spans as one line of markdown: **bold**, *楷体 emphasis*, everything else literal."""
    groups: list[tuple[str, str]] = []  # (mark, text)
    for span in spans:
        mark = "**" if span.bold else "*" if span.emphasis else ""
        text = span.text.replace("\n", " ").replace("\t", " ")
        if groups and groups[-1][0] == mark:
            groups[-1] = (mark, groups[-1][1] + text)
        else:
            groups.append((mark, text))
    parts = []
    for mark, text in groups:
        core = text.strip(" ")
        if not core or not mark:
            parts.append(md_text(text))
            continue
        lead, trail = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
        parts.append(f"{lead}{mark}{md_text(core)}{mark}{trail}")
    line = re.sub(r" {2,}", " ", "".join(parts)).strip()
    if line_start:
        line = _LIST_START.sub(r"\1\\.", line)
        if line[:1] in "-+":
            line = "\\" + line
    return line


def md_table(table: DraftTable) -> list[str]:
    lines = [f"表：{md_text(table.title)}", ""] if table.title else []
    rows = table.rows or [[""]]
    cell = lambda c: md_text(" ".join(c.split())).replace("|", "\\|") or " "  # noqa: E731
    lines.append("| " + " | ".join(cell(c) for c in rows[0]) + " |")
    lines.append("|" + " --- |" * len(rows[0]))
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
    return lines


def md_blocks(blocks: list, calls: Calls | None = None) -> str:
    """Blocks as markdown; with `calls`, footnote marks become [^n] and the field ends with their texts."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, DraftHeading):
            out.append("#" * block.level + " " + md_spans(block.spans, line_start=False))
        elif isinstance(block, DraftTable):
            out.append(f"{{{{ 表.{block.figure} }}}}" if block.figure else "\n".join(md_table(block)))
        elif isinstance(block, DraftList):
            out.append("\n".join(md_list(block)))
        elif isinstance(block, DraftPara):
            line = md_spans(block.spans)
            if line:
                out.append(line)
    if calls is None:
        return "\n\n".join(FOOTNOTE_MARK.sub("", text) for text in out)
    out = [calls.line(text) for text in out]
    texts = calls.texts()
    return "\n\n".join(out + (["\n".join(texts)] if texts else []))


def md_list(listed: DraftList) -> list[str]:
    """Items four spaces further in per depth, numbered 1. 2. … in each list of their parent (the
    renderer prints its own markers); an item's text is escaped as a line of its own."""
    lines, numbers = [], [0] * 4
    for item in listed.items:
        numbers[item.depth] += 1
        numbers[item.depth + 1:] = [0] * (3 - item.depth)
        mark = f"{numbers[item.depth]}." if item.ordered else "-"
        lines.append(" " * 4 * item.depth + f"{mark} {md_spans(item.spans)}".rstrip())
    return lines


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's); a footnote mark left over is no text."""
    return json.dumps(FOOTNOTE_MARK.sub("", text), ensure_ascii=False)


def block(key: str, text: str, indent: int) -> list[str]:
    pad = " " * indent
    if not text.strip():
        return []
    body = [(pad + "  " + line) if line else "" for line in text.split("\n")]
    # `|-`: no final newline, which markup.py would read as an empty last table row
    return [f"{pad}{key}: |-"] + body


def draft_yaml(draft: Draft, series_id: str, source_name: str, series_copies: int | None = None,
               sign_roles: tuple[str, ...] | None = None) -> str:
    """The issue file's text: fields in the documented order, candidate figures as a closing comment.

    Signers whose role the series does not print (`sign_roles`) are left out: the validator would
    refuse them (the import says so in its notes)."""
    lines = [f"# 从 {source_name} 导入的草稿：请对照原件核对后再把 status 改为 published。"]
    if draft.to_check:
        lines.append(f"# 导入时有 {draft.to_check} 处未识别、按推测处理或跨页接上，逐处列在文件末尾，请先核对。")
    masthead = " / ".join(x for x in (draft.program, draft.masthead, draft.issuer) if x)
    if masthead:
        lines.append(f"# 原件报头：{masthead}")
    lines += [f"series: {series_id}", f"number: {draft.number}"]
    if draft.supplement:
        lines.append("supplement: true")
    if draft.total:
        lines.append(f"# total: {draft.total}    # 原件印“总第{draft.total}期”；总期号由存档推算，核对一致后可取消注释")
    lines += [f"date: {draft.date.isoformat()}", "status: draft"]
    if draft.copies is not None and draft.copies != series_copies:  # else the series prints it already
        lines.append(f"copies: {draft.copies}")
    for key in ("secrecy", "secrecy_period", "urgency"):
        if getattr(draft, key):
            lines.append(f"{key}: {quote(getattr(draft, key))}")
    signers = [(role, name) for role, name in draft.signers if sign_roles is None or role in sign_roles]
    if signers:
        lines.append("signers: {" + ", ".join(f"{quote(role)}: {quote(name)}" for role, name in signers) + "}")
    lines += block("note", md_blocks(draft.note), 0)
    lines += figure_tables(draft)
    lines.append("")
    lines.append("articles:")
    for article in draft.articles:
        calls = Calls(draft, lambda spans: md_spans(spans, line_start=False))
        lines.append(f"  - title: {quote(article.title)}")
        lines.append("    release: internal    # 导入的文章默认内部；可公开发布的改为 public")
        lines += block("note", md_blocks(article.note), 4)
        lines += block("body", md_blocks(article.body, calls), 4)
        lines += table_entries(article)
        if article.highlights:
            lines.append("    highlights:")
            for item in article.highlights:
                lead, text = md_spans(item.lead), md_spans(item.text)
                plain_lead = "".join(s.text for s in item.lead)
                if plain_lead.endswith("。") and plain_lead.count("。") == 1 and "。" not in lead[:-1]:
                    lines.append(f"      - {quote(lead + text)}")
                else:
                    lines.append(f"      - lead: {quote(lead)}")
                    if text:
                        lines.append(f"        text: {quote(text)}")
        lines += block("closing", md_blocks(article.closing, calls), 4)
        lines.append("")
    lines += check_comment(draft)
    lines += candidate_comment(draft)
    return "\n".join(lines).rstrip("\n") + "\n"


def _figure_tables(article: DraftArticle) -> list[DraftTable]:
    return [b for b in article.body + article.closing if isinstance(b, DraftTable) and b.figure]


def figure_tables(draft: Draft) -> list[str]:
    """The tables that carry notes, as table figures: label (the caption), heading row, rows of numbers
    written as printed (the loader keeps 98.60 as 98.60)."""
    tables = [t for a in draft.articles for t in _figure_tables(a)]
    if not tables:
        return []
    lines = ["", "figures:    # 原件中带注或数据来源的表格，按数字表格导入"]
    for table in tables:
        head, *rows = table.rows
        lines += [f"  {table.figure}:", f"    label: {quote(table.title)}", f"    row_header: {quote(head[0])}",
                  "    columns: [" + ", ".join(quote(c) for c in head[1:]) + "]", "    rows:"]
        lines += [f"      {quote(row[0])}: [" + ", ".join(row[1:]) + "]" for row in rows]
    return lines


def table_entries(article: DraftArticle) -> list[str]:
    tables = _figure_tables(article)
    if not tables:
        return []
    lines = ["    tables:"]
    for table in tables:
        parts = [f"figure: {table.figure}"] + [f"{key}: {quote(getattr(table, key))}" for key in ("note", "source")
                                               if getattr(table, key)]
        lines.append("      - {" + ", ".join(parts) + "}")
    return lines


def check_comment(draft: Draft) -> list[str]:
    """The places to check, kept in the file: the printed report is gone once the window is closed."""
    if not draft.to_check:
        return []
    groups = (("未识别或未导入", draft.missed), ("按推测处理", draft.unsure), ("跨页或断行接上", draft.joined))
    places = sorted((where, order, name, what) for order, (name, found) in enumerate(groups) for where, what in found)
    out = [f"# 需要核对（{draft.to_check} 处，位置按原件的{draft.unit}计）："]
    out += [f"#   第{where}{draft.unit}｜{name}：{what}".replace("\n", " ") for where, _, name, what in places]
    return out + [""]


def candidate_comment(draft: Draft) -> list[str]:
    if not draft.candidates:
        return []
    out = [f"# 候选数字（{len(draft.candidates)} 个）：正文保留原数字。核对后可在 figures 中定义，",
           "# 再在正文中用 {{ 名字 }} 引用，例如 funds: {label: 累计落实资金, unit: 亿元, value: 162.72}。",
           "#   数值 | 单位 | 位置 | 所在句子"]
    for c in draft.candidates:
        out.append(f"#   {c.value} | {c.unit} | 第{c.where}{draft.unit} | {c.sentence}".replace("\n", " "))
    return out


def check_draft(text: str, name: str, series: dict[str, Series]) -> tuple[Issue | None, list[Problem]]:
    """Run the draft through the loader and validator exactly as a build would."""
    doc, problems = parse(text, name)
    if doc is None:
        return None, problems
    issue = validate_issue(Checker(doc, problems), series)
    return issue, problems
