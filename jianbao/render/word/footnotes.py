"""Real Word footnotes: the footnotes part, made on a document's first footnote, and the references in its text.

python-docx has no footnote support, so the part (word/footnotes.xml), its relationship, the
separator footnotes Word expects and the settings that name them are written here.

Footnotes are numbered per article (1, 2, 3 … in each), while Word numbers its footnotes through
the document. A footnote whose number is the one Word would give it anyway (those of the first
article with footnotes, usually the only one) is an ordinary auto-numbered footnote. Any other
carries a custom mark (w:customMarkFollows): the run holding the reference also holds the article's
number as its text, and the footnote opens with that number as text, as Word itself writes a custom
mark. Word, WPS and LibreOffice then show the model's numbers, as the web page does.

Why not custom marks throughout: LibreOffice 7.4 shows a custom mark twice at the page foot (its
own label, then the mark's text) on every custom-marked footnote but a document's first, and it
makes the PDFs. Auto numbering leaves only the rarer later articles' footnotes to that bug.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from jianbao.errors import RenderError
from jianbao.model import Article, FootnoteRef
from jianbao.render.word.block_styles import FOOTNOTE_REFERENCE, FOOTNOTE_TEXT
from jianbao.render.word.oxml import paragraph_element
from jianbao.render.word.xml import el

PART_NAME = "/word/footnotes.xml"
# Word's ids for the two separator footnotes; real footnotes count from 1.
SEPARATOR_IDS = {"separator": -1, "continuationSeparator": 0}


class Footnotes:
    """The footnotes of one document; `write(paragraph, inlines)` fills a footnote's paragraph."""

    def __init__(self, doc, ids: Mapping[str, str], write: Callable):
        self.doc = doc
        self.ids = ids
        self.write = write
        self.root = None  # w:footnotes, once the first footnote is called
        self.next_id = 1
        self.auto = 0  # auto-numbered footnotes so far: Word's running number is this plus one
        self.texts: dict[int, tuple] = {}  # the current article's footnotes by number
        self.called: set[int] = set()
        self.inside = False

    def start(self, article: Article) -> None:
        """Footnote numbers from here on are `article`'s."""
        self.texts = {note.number: note.inlines for note in article.footnotes}
        self.called = set()

    def reference(self, par, node: FootnoteRef, fmt=None) -> None:
        """The call of a footnote: a superscript mark, and on its first call the footnote itself.

        A footnote called again (the same [^1] twice) is not repeated at the page foot: the later
        call is its mark alone, as a hand-made cross-reference to a footnote is in Word.
        """
        if self.inside:
            raise RenderError("脚注的说明文字中不能再加脚注")
        if node.number not in self.texts:
            raise RenderError(f"本篇文章没有第{node.number}条脚注的说明文字")
        mark = str(node.number)
        if node.number in self.called:
            paragraph_element(par).append(_mark_run(self.ids[FOOTNOTE_REFERENCE], mark))
            return
        self.called.add(node.number)
        auto = node.number == self.auto + 1
        if auto:
            self.auto += 1
        note_id = self._add(None if auto else mark, self.texts[node.number])
        run = _mark_run(self.ids[FOOTNOTE_REFERENCE], None if auto else mark)
        reference = el("w:footnoteReference", id=note_id) if auto else \
            el("w:footnoteReference", customMarkFollows=1, id=note_id)
        run.insert(1, reference)
        paragraph_element(par).append(run)

    def _add(self, mark: str | None, inlines: tuple) -> int:
        """A footnote opening with its mark: Word's running number (w:footnoteRef) for None."""
        root = self._part()
        note_id = self.next_id
        self.next_id += 1
        footnote = el("w:footnote", id=note_id)
        p = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=self.ids[FOOTNOTE_TEXT]))
        p.append(ppr)
        # The footnote opens with its own mark (a custom one as text: a w:footnoteRef would show
        # Word's running number) and the space Word puts after a mark.
        opening = _mark_run(self.ids[FOOTNOTE_REFERENCE], mark)
        if mark is None:
            opening.append(el("w:footnoteRef"))
        p.append(opening)
        space = el("w:r")
        text = el("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = " "
        space.append(text)
        p.append(space)
        footnote.append(p)
        root.append(footnote)
        self.inside = True
        try:
            self.write(DocxParagraph(p, None), inlines)
        finally:
            self.inside = False
        return note_id

    def _part(self):
        """w:footnotes, with its part, relationship and settings made on first use."""
        if self.root is None:
            root = el("w:footnotes")
            for kind, note_id in SEPARATOR_IDS.items():
                root.append(_separator(kind, note_id))
            package = self.doc.part.package
            self.doc.part.relate_to(XmlPart(PackURI(PART_NAME), CT.WML_FOOTNOTES, root, package),
                                    RT.FOOTNOTES)
            # Word names the separators in settings (w:footnotePr), which precede w:compat.
            settings = self.doc.settings.element
            props = el("w:footnotePr")
            for note_id in SEPARATOR_IDS.values():
                props.append(el("w:footnote", id=note_id))
            compat = settings.find(qn("w:compat"))
            if compat is not None:
                compat.addprevious(props)
            else:
                settings.append(props)
            self.root = root
        return self.root


def _mark_run(style_id: str, mark: str | None):
    """<w:r><w:rPr><w:rStyle/></w:rPr><w:t>mark</w:t></w:r>: a run in the superscript style, with `mark` if any."""
    run = el("w:r")
    rpr = el("w:rPr")
    rpr.append(el("w:rStyle", val=style_id))
    run.append(rpr)
    if mark is not None:
        text = el("w:t")
        text.text = mark
        run.append(text)
    return run


def _separator(kind: str, note_id: int):
    """The rule above the footnotes (and its form on a page they continue to), on a single-spaced line."""
    footnote = el("w:footnote", type=kind, id=note_id)
    p = el("w:p")
    ppr = el("w:pPr")
    ppr.append(el("w:spacing", before=0, after=0, line=240, lineRule="auto"))
    p.append(ppr)
    run = el("w:r")
    run.append(el(f"w:{kind}"))
    p.append(run)
    footnote.append(p)
    return footnote
