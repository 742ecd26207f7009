"""One article of an issue into the model: its texts, lists, footnotes, and charts, photos and tables where it places them."""

from __future__ import annotations

import re
from pathlib import Path

from jianbao.model import (
    INTERNAL,
    SUMMARY_MAX,
    AnyFigure,
    Article,
    Footnote,
    Highlight,
    Highlights,
    Paragraph,
    Photo,
    Table,
    TableFigure,
)
from jianbao.reader.figures import chinese_numeral, format_value, substitute
from jianbao.reader.image_file import ImageProblem
from jianbao.reader.markup import Placement, parse_blocks, parse_inline
from jianbao.reader.photo import read_photo
from jianbao.reader.placement import CITATION, REFERENCE, Element, Plan, mark_placements, placement_lines
from jianbao.reader.schema import Checker, text_length
from jianbao.reader.validate_parts import RELEASES, check_id, element_notes, validate_chart

ARTICLE_KEYS = ["title", "release", "note", "body", "tables", "charts", "photos", "highlights", "closing", "summary"]
TABLE_KEYS = ["figure", "note", "source"]
PHOTO_KEYS = ["id", "file", "title", "alt", "note", "source"]
MAX_HIGHLIGHTS = 99
MAX_MARKDOWN = 50_000
MAX_HIGHLIGHT = 4_000
MAX_PHOTOS = 20
# What an 编者按 cannot hold, as an editor calls it.
NOTE_UNSUPPORTED = {"Heading": "标题", "ItemList": "列表", "Table": "表格", "Placement": "放置图表的行"}
# How many tables, charts and photos an article may declare (docs/format.md, Limits).
MAX_ELEMENTS = {"tables": 20, "charts": 20, "photos": MAX_PHOTOS}
# A highlight's ordinal is the program's: one typed by hand would print twice (三是三是……).
TYPED_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
                           r"|\([一二三四五六七八九十]+\)|\d+[.．、]|（\d+）|\(\d+\)|[①-⑳])")


class ArticleValidator:
    """Validates the articles of one issue, sharing its figures, its element plan and its problems."""

    def __init__(self, check: Checker, figures: dict[str, AnyFigure], broken: frozenset[str], plan: Plan,
                 root: Path | None):
        self.check, self.figures, self.broken = check, figures, broken
        self.plan, self.root = plan, root
        self.attributes: dict[str, dict[str, str]] = {}  # figure id → formatted attributes
        self.names: dict[int, tuple[str, str]] = {}  # id(block) → (图|表, id): what citations name

    # ------------------------------------------------------------ texts

    def text_with_figures(self, path: tuple, text: str, used: set[str]) -> str:
        """Citations ({{ 图.progress }} → 图2) and figure placeholders ({{ funds.value }}) resolved."""
        first = self.check.doc.text_line(path) or 0
        text = REFERENCE.sub(lambda m: self.cite(path, m, first + text[:m.start()].count("\n")), text)
        result, ids, errors = substitute(text, self.figures, self.broken, self.attributes)
        used.update(ids)
        for offset, err in errors:
            self.check.add(path, err.expected, err.found, err.hint, line=first + text[:offset].count("\n"))
        return result

    def cite(self, path: tuple, match: re.Match, line: int) -> str:
        kind, ident = match.group(1), match.group(2)
        found = self.plan.find(kind, ident)
        if len(found) == 1:
            found[0].cited += 1
            return CITATION.format(kind=kind, id=ident)
        names = "、".join(sorted({e.id for e in self.plan.elements if e.kind == kind and e.id})) or "本期没有"
        if found:
            self.check.add(path, f"只指一个{kind}的名字", f"{{{{ {kind}.{ident} }}}} 在本期出现 {len(found)} 次",
                           "同一个表格数字用在两处时无法引用，请只保留一处", line=line)
        else:
            self.check.add(path, f"本期声明过的{kind}的名字（{names}）", f"{{{{ {kind}.{ident} }}}}",
                           "图用 charts 或 photos 的 id，表用 tables 中的数字名", line=line)
        return kind  # said once here; left as it was, it would be read again as a figure placeholder

    def markdown_blocks(self, path: tuple, used: set[str], first_footnote: int = 1,
                        article: int | None = None) -> tuple[list, list[Footnote]]:
        # Python-Markdown slows down more than linearly on long hostile text: bound each field.
        source = self.check.text(path, max_len=MAX_MARKDOWN)
        if not source.strip() or text_length(source) > MAX_MARKDOWN:
            return [], []
        if article is not None:
            self.count_placements(path, source, article)
        source = self.text_with_figures(path, mark_placements(source), used)
        blocks, problems, footnotes = parse_blocks(source, first_footnote)
        first = self.check.doc.text_line(path) or 0
        for p in problems:
            self.check.add(path, p.expected, p.found, p.hint, line=first + p.line_offset)
        return blocks, footnotes

    def note(self, path: tuple, used: set[str]) -> tuple[Paragraph, ...]:
        """编者按: paragraphs only. A heading, list, table, placement line or footnote there would be
        dropped, or leave a footnote mark with no text to it: each is an error instead."""
        blocks, footnotes = self.markdown_blocks(path, used)
        others = {type(b) for b in blocks if not isinstance(b, Paragraph)}
        if others:
            names = "、".join(sorted(NOTE_UNSUPPORTED.get(t.__name__, t.__name__) for t in others))
            self.check.add(path, "只由段落组成的编者按", names, "标题、列表、表格和图只能写在 body 或 closing 中")
        if footnotes:
            self.check.add(path, "不带脚注的编者按", f"脚注（{len(footnotes)} 条）", "脚注只能加在 body 和 closing 中；这里可改用括号说明")
        return tuple(b for b in blocks if isinstance(b, Paragraph))

    def count_placements(self, path: tuple, source: str, article: int) -> None:
        """Each placement line names an element of this article, once."""
        first = self.check.doc.text_line(path) or 0
        for offset, kind, ident in placement_lines(source):
            own = self.plan.find(kind, ident, article)
            if not own:
                elsewhere = self.plan.find(kind, ident)
                ours = "、".join(e.id for e in self.plan.elements if e.article == article and e.kind == kind and e.id)
                hint = (f"{kind}.{ident} 由第{elsewhere[0].article + 1}篇文章声明，只能放在那篇文章中；在这里可以引用它的编号"
                        if elsewhere else "图在 charts 或 photos 中用 id 命名，表用 tables 中的数字名")
                self.check.add(path, f"本篇文章声明的{kind}（{ours or '本篇没有'}）", f"{{{{ {kind}.{ident} }}}}", hint,
                               line=first + offset)
                for element in elsewhere:  # it is referred to: "never used" would only repeat this
                    element.cited += 1
                continue
            own[0].placed += 1
            if own[0].placed > 1:
                self.check.add(path, f"每个{kind}只放置一次", f"{{{{ {kind}.{ident} }}}} 第{own[0].placed}次出现",
                               f"要再次提到它，请在句中引用（如“见{{{{ {kind}.{ident} }}}}”）", line=first + offset)

    def inline(self, path: tuple, used: set[str], *, required: bool = False, source: str | None = None):
        if source is None:
            source = self.check.text(path, required=required, max_len=2000)
            if text_length(source) > 2000:
                return ()
        source = self.text_with_figures(path, source, used)
        inlines, problems = parse_inline(source)
        for p in problems:
            self.check.add(path, p.expected, p.found, p.hint)
        return inlines

    # ------------------------------------------------------------ an article

    def article(self, index: int) -> Article | None:
        path = ("articles", index)
        if self.check.mapping(path, ARTICLE_KEYS, required=["title"]) is None:
            return None
        used: set[str] = set()
        title = self.check.text(path + ("title",), required=True, single_line=True, max_len=80)
        title = self.text_with_figures(path + ("title",), title, used)
        release = self.check.choice(path + ("release",), RELEASES, INTERNAL)
        summary = self.summary(path + ("summary",), used)
        note = self.note(path + ("note",), used)
        body, footnotes = self.markdown_blocks(path + ("body",), used, article=index)
        closing, more = self.markdown_blocks(path + ("closing",), used, len(footnotes) + 1, article=index)
        elements = self.elements(index, used)
        blocks = self.placed(body, elements, index)
        blocks += [elements[id(e)] for e in self.plan.elements
                   if e.article == index and not e.placed and id(e) in elements]
        highlights = self.highlights(path + ("highlights",), used)
        if highlights:
            blocks.append(Highlights(highlights))
        blocks += self.placed(closing, elements, index)
        return Article(title=title, release=release, note=note, blocks=tuple(blocks),
                       figures_used=frozenset(used), summary=summary, footnotes=tuple(footnotes + more))

    def placed(self, blocks: list, elements: dict, index: int) -> list:
        out = []
        for block in blocks:
            if isinstance(block, Placement):
                found = self.plan.find(block.kind, block.id, index)
                if found and id(found[0]) in elements:
                    out.append(elements[id(found[0])])
            else:
                out.append(block)
        return out

    def elements(self, index: int, used: set[str]) -> dict:
        """The article's valid tables, charts and photos, by the plan's element they are."""
        out: dict = {}
        usable = set()
        for key, most in MAX_ELEMENTS.items():  # a list of entries, not too many: else said here, and skipped
            before = len(self.check.problems)
            self.check.items(("articles", index, key), max_items=most)
            if len(self.check.problems) == before:
                usable.add(key)
        for element in (e for e in self.plan.elements if e.article == index and e.path[2] in usable):
            key = element.path[2]
            block = {"tables": self.figure_table, "charts": self.chart, "photos": self.photo}[key](element, used)
            if block is not None:
                out[id(element)] = block
                if element.id:
                    self.names[id(block)] = (element.kind, element.id)
        return out

    def chart(self, element: Element, used: set[str]):
        chart = validate_chart(self.check, element.path, self.figures, 0, self.broken)
        if chart is not None:
            used.update(chart.figures)
        return chart

    def figure_table(self, element: Element, used: set[str]) -> Table | None:
        path = element.path
        item = self.check.get(path)
        notes: tuple[str, ...] = ()
        if isinstance(item, dict):
            if self.check.mapping(path, TABLE_KEYS, required=["figure"]) is None:
                return None
            notes = element_notes(self.check, path)
            path = path + ("figure",)
        fig_id = self.check.text(path, required=True, single_line=True)
        figure = self.figures.get(fig_id)
        if not isinstance(figure, TableFigure):
            if fig_id not in self.broken:
                tables = [k for k, f in self.figures.items() if isinstance(f, TableFigure)]
                self.check.add(path, f"表格数字的名字（{'、'.join(tables) or '本期没有表格数字'}）", f"「{fig_id}」")
            return None
        used.add(fig_id)
        title = f"{figure.label}（{figure.unit}）" if figure.unit else figure.label
        rows = tuple((name,) + tuple(format_value(v, "") for v in values) for name, values in figure.rows)
        return Table(0, title, (figure.row_header,) + figure.columns, rows, fig_id, notes)

    def photo(self, element: Element, used: set[str]) -> Photo | None:
        path = element.path
        if self.check.mapping(path, PHOTO_KEYS, required=["file", "title", "alt"]) is None:
            return None
        before = len(self.check.problems)
        check_id(self.check, path + ("id",))
        given = self.check.text(path + ("file",), required=True, single_line=True)
        title = self.text_with_figures(path + ("title",), self.check.text(
            path + ("title",), required=True, single_line=True, max_len=40), used)
        alt = self.check.text(path + ("alt",), required=True, single_line=True, max_len=200)
        notes = element_notes(self.check, path, photo=True)
        if len(self.check.problems) > before or not given:
            return None
        if self.root is None:  # an import draft: the file is not looked at
            return Photo(0, title, alt, b"", "jpeg", 0, 0, given, "", notes)
        try:
            found, sha, data, kind, width, height = read_photo(given, self.check.doc.file, self.root)
        except ImageProblem as problem:
            self.check.add(path + ("file",), problem.expected, problem.found, problem.hint)
            return None
        return Photo(0, title, alt, data, kind, width, height, found, sha, notes)

    def summary(self, path: tuple, used: set[str]) -> str:
        """summary: the 摘要 WeChat shows under the title, one line of at most SUMMARY_MAX characters."""
        text = self.check.text(path, single_line=True)
        if not text:
            return ""
        text = self.text_with_figures(path, text, used)
        if len(text) > SUMMARY_MAX:
            self.check.add(path, f"不超过 {SUMMARY_MAX} 个字的摘要", f"{len(text)} 个字")
        return text

    def highlights(self, path: tuple, used: set[str]) -> tuple[Highlight, ...]:
        out = []
        for i, item in enumerate(self.check.items(path, max_items=MAX_HIGHLIGHTS)):
            item_path = path + (i,)
            if isinstance(item, str) and text_length(item) > MAX_HIGHLIGHT:
                self.check.add(item_path, f"不超过 {MAX_HIGHLIGHT} 个字", f"{text_length(item)} 个字")
                continue
            lead_text = item if isinstance(item, str) else item.get("lead") if isinstance(item, dict) else None
            if isinstance(lead_text, str) and TYPED_ORDINAL.match(lead_text):
                typed = TYPED_ORDINAL.match(lead_text).group(0).strip()
                self.check.add(item_path if isinstance(item, str) else item_path + ("lead",), "不带序号的领句",
                               f"「{lead_text.strip()[:20]}」", f"“一是、二是……”由程序按顺序加上，请删去手写的“{typed}”")
                continue
            if isinstance(item, str):
                # A plain string: the lead runs to the first 。, as in the printed bulletins.
                lead_src, mark, rest = item.partition("。")
                if not mark or not lead_src.strip():
                    self.check.add(item_path, "以“。”结束的领句加正文，或 {lead: …, text: …}", f"「{item[:20]}」")
                    continue
                lead = self.inline(item_path, used, source=lead_src + "。")
                text = self.inline(item_path, used, source=rest)
            elif self.check.mapping(item_path, ["lead", "text"], required=["lead"]) is not None:
                lead = self.inline(item_path + ("lead",), used, required=True)
                text = self.inline(item_path + ("text",), used)
            else:
                continue
            out.append(Highlight(f"{chinese_numeral(len(out) + 1)}是", lead, text))
        return tuple(out)
