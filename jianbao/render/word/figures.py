"""Photos in the Word documents, and the 注/数据来源 lines under tables, charts and photos."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx.oxml.ns import qn
from docx.shared import Mm

from jianbao.chinese import em_width
from jianbao.errors import RenderError
from jianbao.layout import Layout, fit_figure_mm, note_lines
from jianbao.model import Photo
from jianbao.render.word import styles as st
from jianbao.render.word.block_styles import FIGURE_NOTE
from jianbao.render.word.oxml import paragraph_properties
from jianbao.render.word.xml import el, put


def photo_size_mm(block: Photo, lay: Layout) -> tuple[float, float]:
    """A photo is printed as wide as the type area, unless that would make it too tall."""
    if block.width_px <= 0 or block.height_px <= 0:
        raise RenderError(f"{block.caption}：照片的像素尺寸无效（{block.width_px}×{block.height_px}）")
    width = lay.type_width_mm
    notes = note_lines([em_width(n) for n in block.notes], lay)
    return fit_figure_mm(width, width * block.height_px / block.width_px, lay, notes)


def photo(renderer, block: Photo) -> None:
    """Like a chart: the picture centred on its own line, its alt text in docPr, the caption below.

    `renderer` is the Word renderer (doc, lay, add_paragraph).
    """
    if not block.data:
        raise RenderError(f"缺少{block.caption}的照片数据（{block.path}）")
    width_mm, height_mm = photo_size_mm(block, renderer.lay)
    run = renderer.add_paragraph(st.CHART).add_run()
    run.add_picture(io.BytesIO(block.data), width=Mm(width_mm), height=Mm(height_mm))
    doc_pr = run.element.find(".//" + qn("wp:docPr"))
    doc_pr.set("name", f"图{block.number}")
    doc_pr.set("descr", block.alt)
    renderer.add_paragraph(st.CHART_CAPTION, block.caption)


def with_notes(renderer, method: Callable) -> Callable:
    """`method` (a table, chart or photo block method), followed by the block's notes."""
    def render(block) -> None:
        method(block)
        add_notes(renderer, block.notes)
    return render


def add_notes(renderer, notes: tuple[str, ...]) -> None:
    """注：… and 数据来源：… lines right under what came last (a table, or a caption), kept with it.

    The notes belong to their figure, so the end of the figure (the table's last row, or the
    caption) is kept on the page of the first note, and each note with the next.
    """
    if not notes:
        return
    _keep_with_next(_last_block(renderer.doc))
    for i, line in enumerate(notes):
        par = renderer.add_paragraph(FIGURE_NOTE, line)
        if i < len(notes) - 1:
            put(paragraph_properties(par), el("w:keepNext"))


def _last_block(doc):
    """The body's last paragraph or table element (the section properties come after it)."""
    for child in reversed(doc.element.body):
        if child.tag in (qn("w:p"), qn("w:tbl")):
            return child
    return None


def _keep_with_next(block) -> None:
    if block is None:
        return
    if block.tag == qn("w:tbl"):
        rows = block.findall(qn("w:tr"))
        paragraphs = list(rows[-1].iter(qn("w:p"))) if rows else []
    else:
        paragraphs = [block]
    for p in paragraphs:
        put(p.get_or_add_pPr(), el("w:keepNext"))
