"""Lists in the Word documents: each item a body paragraph that opens with its marker (1. （1） ①), nested items further in."""

from __future__ import annotations

from jianbao.model import ItemList, Text
from jianbao.render.word import styles as st
from jianbao.render.word.block_styles import LIST_INDENTS


def item_list(renderer, block: ItemList) -> None:
    """Official documents number in the text, not with Word's list numbering.

    The reader has chosen each marker (and "" for an unordered item), so an item is a body
    paragraph whose first characters are its marker: Word, WPS and LibreOffice show the same
    numbers, and a renumbering in Word cannot change them. `renderer` is the Word renderer
    (add_paragraph, write).
    """
    for item in block.items:
        par = renderer.add_paragraph(list_style(item.depth))
        marker = (Text(item.marker),) if item.marker else ()
        renderer.write(par, marker + item.inlines)


def list_style(depth: int) -> str:
    """The style of an item at `depth`: the body's at the top; deeper than the styles go, the deepest."""
    if depth <= 0:
        return st.BODY
    return LIST_INDENTS[min(depth, max(LIST_INDENTS))]
