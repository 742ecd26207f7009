"""本期要目 in the Word documents: a heading and one line per article title, where the body begins."""

from __future__ import annotations

from jianbao.chinese import one_line_title
from jianbao.model import Article
from jianbao.render.word.block_styles import CONTENTS_ENTRY, CONTENTS_HEADING

CONTENTS_TITLE = "本期要目"


def add_contents(renderer, articles: tuple[Article, ...]) -> None:
    """The titles of `articles`, each on one line (a headline's break spaces joined), no page numbers.

    Page numbers are left out: Word would need a field the reader has to update, and a bulletin
    of a few pages is read from the top. `renderer` is the Word renderer (add_paragraph).
    """
    renderer.add_paragraph(CONTENTS_HEADING, CONTENTS_TITLE)
    for article in articles:
        renderer.add_paragraph(CONTENTS_ENTRY, one_line_title(article.title))
