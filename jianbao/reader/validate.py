"""Turn loaded issue documents into frozen model objects, reporting every problem at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jianbao.model import (
    INTERNAL,
    SUMMARY_MAX,
    AnyFigure,
    Article,
    Correction,
    Cover,
    Highlight,
    Highlights,
    Issue,
    Paragraph,
    Series,
    Table,
    TableFigure,
)
from jianbao.reader.cover import read_cover
from jianbao.reader.figures import chinese_numeral, format_value, substitute
from jianbao.reader.image_file import ImageProblem
from jianbao.reader.markup import parse_blocks, parse_inline
from jianbao.reader.schema import MISSING, Checker
from jianbao.reader.validate_parts import RELEASES, validate_chart, validate_figures

ISSUE_KEYS = ["series", "number", "total", "supplement", "date", "status", "copies", "note", "figures", "articles",
              "correction", "cover"]
CORRECTION_KEYS = ["reason", "date", "release"]
ARTICLE_KEYS = ["title", "release", "note", "body", "tables", "charts", "highlights", "closing", "summary"]
STATUSES = {"draft": "草稿", "published": "已印发（存档后不可更改）"}
MAX_HIGHLIGHTS = 99
MAX_MARKDOWN = 50_000
MAX_HIGHLIGHT = 4_000


class _Numbering:
    """Tables and charts are numbered through the whole issue: 表1, 表2 … 图1, 图2 …"""

    def __init__(self):
        self.tables = 0
        self.charts = 0

    def table(self, table: Table) -> Table:
        self.tables += 1
        return replace(table, number=self.tables)


class _IssueValidator:
    def __init__(self, check: Checker, figures: dict[str, AnyFigure], broken: set[str]):
        self.check, self.figures, self.broken = check, figures, frozenset(broken)
        self.numbering = _Numbering()
        self.attributes: dict[str, dict[str, str]] = {}  # figure id → formatted attributes

    def text_with_figures(self, path: tuple, text: str, used: set[str]) -> str:
        result, ids, errors = substitute(text, self.figures, self.broken, self.attributes)
        used.update(ids)
        first = self.check.doc.text_line(path) or 0
        for offset, err in errors:
            self.check.add(path, err.expected, err.found, err.hint, line=first + text[:offset].count("\n"))
        return result

    def markdown_blocks(self, path: tuple, used: set[str]) -> list:
        # Python-Markdown slows down more than linearly on long hostile text: bound each field.
        source = self.check.text(path, max_len=MAX_MARKDOWN)
        if not source.strip() or len(source) > MAX_MARKDOWN:
            return []
        source = self.text_with_figures(path, source, used)
        blocks, problems = parse_blocks(source)
        first = self.check.doc.text_line(path) or 0
        for p in problems:
            self.check.add(path, p.expected, p.found, p.hint, line=first + p.line_offset)
        return [self.numbering.table(b) if isinstance(b, Table) else b for b in blocks]

    def inline(self, path: tuple, used: set[str], *, required: bool = False):
        source = self.check.text(path, required=required, max_len=2000)
        if len(source) > 2000:
            return ()
        source = self.text_with_figures(path, source, used)
        inlines, problems = parse_inline(source)
        for p in problems:
            self.check.add(path, p.expected, p.found, p.hint)
        return inlines

    def article(self, index: int) -> Article | None:
        path = ("articles", index)
        if self.check.mapping(path, ARTICLE_KEYS, required=["title"]) is None:
            return None
        used: set[str] = set()
        title = self.check.text(path + ("title",), required=True, single_line=True, max_len=80)
        title = self.text_with_figures(path + ("title",), title, used)
        release = self.check.choice(path + ("release",), RELEASES, INTERNAL)
        summary = self.summary(path + ("summary",), used)
        note = tuple(b for b in self.markdown_blocks(path + ("note",), used) if isinstance(b, Paragraph))
        blocks = self.markdown_blocks(path + ("body",), used)
        blocks += self.figure_tables(path + ("tables",), used)
        for i, _ in enumerate(self.check.items(path + ("charts",), max_items=20)):
            chart = validate_chart(self.check, path + ("charts", i), self.figures, self.numbering.charts + 1,
                                   self.broken)
            if chart is not None:
                self.numbering.charts += 1
                used.update(chart.figures)
                blocks.append(chart)
        highlights = self.highlights(path + ("highlights",), used)
        if highlights:
            blocks.append(Highlights(highlights))
        blocks += self.markdown_blocks(path + ("closing",), used)
        return Article(title=title, release=release, note=note, blocks=tuple(blocks),
                       figures_used=frozenset(used), summary=summary)

    def summary(self, path: tuple, used: set[str]) -> str:
        """summary: the 摘要 WeChat shows under the title, one line of at most SUMMARY_MAX characters."""
        text = self.check.text(path, single_line=True)
        if not text:
            return ""
        text = self.text_with_figures(path, text, used)
        if len(text) > SUMMARY_MAX:
            self.check.add(path, f"不超过 {SUMMARY_MAX} 个字的摘要", f"{len(text)} 个字")
        return text

    def figure_tables(self, path: tuple, used: set[str]) -> list[Table]:
        out = []
        for i, _ in enumerate(self.check.items(path, max_items=20)):
            fig_id = self.check.text(path + (i,), required=True, single_line=True)
            figure = self.figures.get(fig_id)
            if not isinstance(figure, TableFigure):
                tables = [k for k, f in self.figures.items() if isinstance(f, TableFigure)]
                self.check.add(path + (i,), f"表格数字的名字（{'、'.join(tables) or '本期没有表格数字'}）", f"「{fig_id}」")
                continue
            used.add(fig_id)
            title = f"{figure.label}（{figure.unit}）" if figure.unit else figure.label
            rows = tuple((name,) + tuple(format_value(v, "") for v in values) for name, values in figure.rows)
            out.append(self.numbering.table(Table(0, title, (figure.row_header,) + figure.columns, rows, fig_id)))
        return out

    def highlights(self, path: tuple, used: set[str]) -> tuple[Highlight, ...]:
        out = []
        for i, item in enumerate(self.check.items(path, max_items=MAX_HIGHLIGHTS)):
            item_path = path + (i,)
            if isinstance(item, str) and len(item) > MAX_HIGHLIGHT:
                self.check.add(item_path, f"不超过 {MAX_HIGHLIGHT} 个字", f"{len(item)} 个字")
                continue
            if isinstance(item, str):
                # A plain string: the lead runs to the first 。, as in the printed bulletins.
                lead_src, mark, rest = item.partition("。")
                if not mark or not lead_src.strip():
                    self.check.add(item_path, "以“。”结束的领句加正文，或 {lead: …, text: …}", f"「{item[:20]}」")
                    continue
                lead = self.inline_text(item_path, lead_src + "。", used)
                text = self.inline_text(item_path, rest, used)
            elif self.check.mapping(item_path, ["lead", "text"], required=["lead"]) is not None:
                lead = self.inline(item_path + ("lead",), used, required=True)
                text = self.inline(item_path + ("text",), used)
            else:
                continue
            out.append(Highlight(f"{chinese_numeral(len(out) + 1)}是", lead, text))
        return tuple(out)

    def inline_text(self, path: tuple, source: str, used: set[str]):
        source = self.text_with_figures(path, source, used)
        inlines, problems = parse_inline(source)
        for p in problems:
            self.check.add(path, p.expected, p.found, p.hint)
        return inlines


def _check_releases(check: Checker, articles, figures: dict[str, AnyFigure]) -> None:
    """A public article may not quote a figure marked internal: the press office would publish it."""
    for index, article in articles:
        if not article.is_public:
            continue
        for fig_id in sorted(article.figures_used):
            if figures[fig_id].release == INTERNAL:
                check.add(("articles", index), "公开文章只引用可公开的数字",
                          f"公开文章「{article.title[:20]}」引用了内部数字 {fig_id}（{figures[fig_id].label}）",
                          "把该文章改为 release: internal，或把数字改为 release: public")


def _correction(check: Checker, issued) -> Correction | None:
    """correction: {reason, date} — a 更正 of a published issue, dated on or after the issue."""
    if check.get(("correction",)) in (MISSING, None):
        return None
    if check.mapping(("correction",), CORRECTION_KEYS, required=["reason", "date"]) is None:
        return None
    reason = check.text(("correction", "reason"), required=True, single_line=True, max_len=200)
    when = check.date(("correction", "date"), required=True)
    release = check.choice(("correction", "release"), RELEASES, INTERNAL)
    if when and issued and when < issued:
        check.add(("correction", "date"), f"不早于印发日期 {issued.isoformat()} 的日期", when.isoformat())
        return None
    if not reason.strip() or when is None:
        return None
    return Correction(reason.strip(), when, release)


def _cover(check: Checker, root: Path | None) -> Cover | None:
    """cover: a JPEG or PNG of 2.35:1 for WeChat, relative to the issue file's folder (reader/cover.py).

    Without a project root (an earlier version read from the archive, an import draft) the file
    is not looked at and the issue has no cover.
    """
    given = check.text(("cover",), single_line=True)
    if not given or root is None:
        return None
    try:
        return read_cover(given, check.doc.file, root)
    except ImageProblem as problem:
        check.add(("cover",), problem.expected, problem.found, problem.hint)
        return None


def validate_issue(check: Checker, series: dict[str, Series], unusable: frozenset = frozenset(),
                   root: Path | None = None) -> Issue | None:
    """One issue file → Issue (total 总第 N 期 is filled in later, across the archive).

    `root` is the project's folder, against which a cover: path is resolved.
    """
    before = len(check.problems)
    if check.mapping((), ISSUE_KEYS, required=["series", "number", "date", "articles"]) is None:
        return None
    series_id = check.text(("series",), required=True, single_line=True)
    # A series whose own file is wrong has been reported there; naming it unknown would mislead.
    if series_id and series_id not in series and series_id not in unusable:
        check.add(("series",), f"已定义的简报系列（{'、'.join(sorted(series)) or '无'}）", f"「{series_id}」",
                  "系列定义在 content/series/<名字>.yaml")
    number = check.integer(("number",), required=True, minimum=1, maximum=999)
    total = check.integer(("total",), minimum=1, maximum=99999)
    date = check.date(("date",), required=True)
    figures, broken = validate_figures(check)
    validator = _IssueValidator(check, figures, broken)
    note = tuple(b for b in validator.markdown_blocks(("note",), set()) if isinstance(b, Paragraph))
    articles, positions = [], []
    for i, _ in enumerate(check.items(("articles",), required=True, max_items=50)):
        article = validator.article(i)
        if article is not None:
            articles.append(article)
            positions.append(i)
    if check.get(("articles",)) == []:
        check.add(("articles",), "至少一篇文章", "空列表")
    _check_releases(check, zip(positions, articles, strict=True), figures)
    issue_args = dict(
        status=check.choice(("status",), STATUSES, "draft"),
        supplement=check.boolean(("supplement",)),
        copies=check.integer(("copies",), minimum=1, maximum=1_000_000),
        correction=_correction(check, date),
        cover=_cover(check, root),
    )
    # A value the loader refused (a tag, a control character) was reported there, not here.
    if len(check.problems) > before or series_id not in series or check.doc.load_problems:
        return None
    return Issue(series=series[series_id], number=number, date=date, articles=tuple(articles),
                 figures=figures, note=note, total=total, source=check.doc.file, **issue_args)
