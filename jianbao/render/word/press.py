"""Press release .docx: the public articles in a plain press layout (no 报头, no red, no 报尾)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from jianbao.layout import MM_PER_PT, Layout
from jianbao.model import Article, Issue, Paragraph, Text
from jianbao.public import source_line
from jianbao.render.word import styles as st
from jianbao.render.word.block_styles import add_block_styles
from jianbao.render.word.bulletin import _WordRenderer
from jianbao.render.word.contents import add_contents
from jianbao.render.word.masthead import add_headline
from jianbao.render.word.oxml import paragraph_element
from jianbao.render.word.package import normalise, save
from jianbao.render.word.page import setup_page
from jianbao.render.word.template import CACHED_TEMPLATES, Template, empty_document, freeze, set_style
from jianbao.render.word.xml import el, page_field_runs, put, twips
from jianbao.rendered import RenderedChart

BYLINE = "JB Press Byline"
SUBTITLE = "JB Press Subtitle"
SOURCE = "JB Press Source"

# A press release is read, not filed: ordinary 1.5-line spacing (Word's "1.5 倍行距"), not the
# bulletin's exact 22-line grid, and a little space after each paragraph.
LINE_MULTIPLE = 1.5
AFTER_LINES = 0.25
TABLE_MULTIPLE = 1.3  # table rows need some air above and below the figures


def render_press_docx(view: Issue, charts: Mapping[int, RenderedChart]) -> bytes:
    """The press view of an issue as .docx bytes; same view and charts, same bytes.

    Core properties come from the view alone (title: the public headline; author: the issuer).
    """
    return _PressRenderer(view, charts, press_template(view.series.layout)).render()


@lru_cache(maxsize=CACHED_TEMPLATES)
def press_template(lay: Layout) -> Template:
    """Press styles, page geometry and the centred page number: everything before the headline."""
    doc = empty_document()
    ids = build_press_styles(doc, lay)
    ids.update(add_block_styles(doc, lay, ids))
    setup_page(doc, lay)
    _page_numbers(doc, ids)
    return freeze(doc, ids)


def press_specs(lay: Layout) -> list[st.StyleSpec]:
    """The styles the shared block methods expect, redefined for the press layout, and the press ones."""
    body, fs, ks, hei = lay.body_size_pt, lay.font_fangsong, lay.font_kaiti, lay.font_heiti
    first = lay.first_line_chars
    heads = {1: (hei, False), 2: (ks, False), 3: (fs, True), 4: (fs, False)}
    out = [
        st.StyleSpec(st.HEADLINE, lay.font_xiaobiaosong, lay.headline_size_pt, "center",
                     keep_next=True, keep_lines=True, outline=0),
        st.StyleSpec(SUBTITLE, lay.font_xiaobiaosong, lay.headline_size_pt * 0.75, "center",
                     keep_next=True, keep_lines=True, outline=0, before_pt=body),
        st.StyleSpec(BYLINE, ks, body, "center"),
        st.StyleSpec(st.NOTE, ks, body, "both", first_chars=first),
        st.StyleSpec(st.BODY, fs, body, "both", first_chars=first),
        st.StyleSpec(st.TABLE_CAPTION, fs, lay.caption_size_pt, "center", bold=lay.caption_bold,
                     keep_next=True, before_pt=body / 2),
        st.StyleSpec(st.TABLE_HEADER, hei, lay.table_size_pt, "center"),
        st.StyleSpec(st.TABLE_TEXT, fs, lay.table_size_pt, "center"),
        st.StyleSpec(st.CHART, fs, body, "center", keep_next=True, before_pt=body / 2),
        st.StyleSpec(st.CHART_CAPTION, fs, lay.caption_size_pt, "center", bold=lay.caption_bold),
        st.StyleSpec(SOURCE, ks, lay.caption_size_pt, "right", before_pt=body),
        st.StyleSpec(st.PAGE_NUMBER, lay.font_songti, lay.page_number_size_pt, "center",
                     latin=lay.font_songti),
    ]
    for level, (face, bold) in heads.items():
        # a heading may follow a table or a chart directly: some air above it
        out.append(st.StyleSpec(st.HEADINGS[level], face, body, "both", first_chars=first,
                                bold=bold, keep_next=True, outline=level, before_pt=body / 2))
    return out


def _spacing(style, spec: st.StyleSpec) -> None:
    """Multiple line spacing instead of the bulletin's exact lines; no space after table cells."""
    tight = spec.name in (st.TABLE_HEADER, st.TABLE_TEXT, st.PAGE_NUMBER)
    multiple = 1.0 if spec.name in (st.PAGE_NUMBER, st.HEADLINE, SUBTITLE) else \
        TABLE_MULTIPLE if tight else LINE_MULTIPLE
    lines = {st.HEADLINE: 0.5, SUBTITLE: 0.5, BYLINE: 1.5}.get(spec.name, AFTER_LINES)
    after = 0 if tight or spec.name in (st.CHART, st.TABLE_CAPTION) else twips(spec.size_pt * lines)
    put(style.element.get_or_add_pPr(), el("w:spacing", before=twips(spec.before_pt), after=after,
                                           line=round(240 * multiple), lineRule="auto"))


def build_press_styles(doc, lay: Layout) -> dict[str, str]:
    """The template's unused styles pruned (as for the bulletin), then the press styles; name → id."""
    st.prune_styles(doc)
    st.doc_defaults(doc, lay)
    normal = doc.styles["Normal"].element
    ppr = normal.get_or_add_pPr()
    put(ppr, el("w:autoSpaceDE", val=0))
    put(ppr, el("w:autoSpaceDN", val=0))
    put(ppr, el("w:jc", val="both"))
    ids = {}
    for spec in press_specs(lay):
        style = st.add_style(doc, lay, spec)
        _spacing(style, spec)
        ids[spec.name] = style.style_id
    return ids


def _page_numbers(doc, ids: Mapping[str, str]) -> None:
    """"— n —" centred on every page: a press release has no odd/even convention."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    par = set_style(footer.paragraphs[0], ids[st.PAGE_NUMBER])
    par.add_run("— ")
    for run in page_field_runs():
        paragraph_element(par).append(run)
    par.add_run(" —")


class _PressRenderer(_WordRenderer):
    """The bulletin's block and inline methods over press styles; its own page furniture."""

    def __init__(self, view: Issue, charts: Mapping[int, RenderedChart], template: Template):
        super().__init__(view, charts, template)
        # The press styles add air above headings, pictures and captions and after each paragraph,
        # which the bulletin's exact lines have not: what a picture or table keeps with it is that
        # much taller, so the cap on it (layout.figure_max_height_mm, a third of the page) is lower.
        body = self.lay.body_size_pt
        extra_pt = body / 2 + body / 2 + body / 2 + 2 * AFTER_LINES * LINE_MULTIPLE * body
        self.lay = replace(self.lay, figure_max_height_mm=self.lay.figure_max_height_mm - extra_pt * MM_PER_PT)

    def render(self) -> bytes:
        doc, view = self.doc, self.issue
        add_headline(doc, view.headline, self.lay, self.ids)
        self.add_paragraph(BYLINE, f"{view.series.issuer}　{view.date_label}")
        if view.correction:
            self.note((Paragraph((Text(view.correction.reason),)),), label=view.correction.label)
        if view.shows_contents:  # the view's articles: the public ones
            add_contents(self, view.articles)
            doc.add_paragraph()  # a blank line between the list and the text it lists
        for i, article in enumerate(view.articles):
            self.press_article(article, first=i == 0)
        self.add_paragraph(SOURCE, source_line(view))
        normalise(doc, view)
        return save(doc, view)

    def press_article(self, article: Article, first: bool) -> None:
        if not first:
            self.add_paragraph(SUBTITLE, article.title)
        self.footnotes.start(article)
        if article.note:
            self.note(article.note)
        for block in article.blocks:
            self.block(block)
