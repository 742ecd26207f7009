"""The styled empty documents that bulletins and press releases start from, built once per process.

Pruning python-docx's template and adding the house styles, page geometry and page-number
footers depends only on the layout (and, for the bulletin, the fitted masthead sizes), yet took
a third of each document's time. Each distinct template is built once, kept as immutable bytes
with the style ids python-docx assigned, and every document is opened from those bytes: two
documents never share an element, a part or a package.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from jianbao.render.word.oxml import paragraph_element, paragraph_properties
from jianbao.render.word.package import package_members, zip_members
from jianbao.render.word.xml import el, put

TEMPLATE_STAMP = (1980, 1, 1, 0, 0, 0)
# Distinct templates a process keeps (one per layout and fitted masthead size, ~80 KB each).
CACHED_TEMPLATES = 32


@dataclass(frozen=True)
class Template:
    """A styled empty document: its package (stored, not deflated) and style name → w:styleId."""

    data: bytes
    style_ids: Mapping[str, str]

    def open(self):
        """A new, independent python-docx Document holding the template's content."""
        return docx.Document(io.BytesIO(self.data))


def freeze(doc, style_ids: dict[str, str]) -> Template:
    """The document as a Template; stored entries make each later open parse XML only."""
    data = zip_members(package_members(doc), TEMPLATE_STAMP, deflate=False)
    return Template(data, MappingProxyType(dict(style_ids)))


def empty_document():
    """python-docx's default document without its one empty paragraph (it would open every page 1)."""
    doc = docx.Document()
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return doc


def set_style(par, style_id: str | None):
    """Give a paragraph a style by id: w:pStyle set directly.

    python-docx's `paragraph.style = name` resolves the name by scanning every style (and the
    default style) on each call; the ids are known from the template, so that work is skipped.
    """
    if style_id is not None:
        put(paragraph_properties(par), el("w:pStyle", val=style_id))
    return par


def add_paragraph(container, style_id: str | None = None, text: str = ""):
    """container.add_paragraph(text, style) with the style set by id and the text by add_text."""
    par = set_style(container.add_paragraph(), style_id)
    if text:
        add_text(par, text)
    return par


def add_text(par, text: str):
    """par.add_run(text), building the same w:r/w:t directly when there is no tab or line break.

    python-docx's run.text clears the new run with an XPath query and feeds the text through
    a character-by-character state machine; for plain text both are pure overhead. Text with
    tabs or line breaks (w:tab, w:br) is left to python-docx.
    """
    if not text or any(c in text for c in "\t\r\n"):
        return par.add_run(text)
    r = paragraph_element(par).add_r()
    t = OxmlElement("w:t")
    t.text = text
    if len(text.strip()) < len(text):  # python-docx's rule (CT_R.add_t)
        t.set(qn("xml:space"), "preserve")
    r.append(t)
    return Run(r, par)
