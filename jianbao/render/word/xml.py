"""Low-level OOXML helpers for the Word renderer: units, schema-ordered children, fonts, rules, fields."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from jianbao.layout import MM_PER_PT

# Word rejects (or silently repairs) pPr/rPr children out of schema order, so every child is
# inserted at its schema position (ECMA-376 Part 1, CT_PPrBase / CT_RPr sequences).
PPR_SEQ = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
RPR_SEQ = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)
BORDER_SEQ = ("top", "left", "bottom", "right", "insideH", "insideV", "between", "bar")


# ---------------------------------------------------------------- units

def twips(pt: float) -> int:
    """Points to twentieths of a point (line spacing, indents, tab stops)."""
    return int(round(pt * 20))


def mm_twips(mm: float) -> int:
    return twips(mm / MM_PER_PT)


def half_points(pt: float) -> int:
    return int(round(pt * 2))


def eighths(pt: float) -> int:
    """Border widths count eighths of a point."""
    return max(2, int(round(pt * 8)))


# ---------------------------------------------------------------- elements

def el(tag: str, **attrs) -> object:
    """A new w: element; attribute names are written without prefix, e.g. el('w:jc', val='center')."""
    node = OxmlElement(tag)
    for name, value in attrs.items():
        node.set(qn(f"w:{name}"), str(value))
    return node


def put(parent, child, seq=PPR_SEQ):
    """Insert `child` at its schema position, replacing an existing child of the same tag."""
    name = child.tag.split("}")[1]
    old = parent.find(child.tag)
    if old is not None:
        parent.replace(old, child)
        return child
    rank = seq.index(name)
    for i, sibling in enumerate(parent):
        sname = sibling.tag.split("}")[1]
        if sname in seq and seq.index(sname) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def fonts(cjk: str, latin: str) -> object:
    """rFonts with every slot set: digits and letters in the Latin face, the rest in the CJK face.

    The hint makes Word draw ambiguous characters (“”、—) with the East Asian face, as
    Chinese typesetting expects full-width quotes and dashes.
    """
    return el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=cjk, cs=cjk, hint="eastAsia")


def run_props(rpr, *, cjk: str | None = None, latin: str | None = None,
              size_pt: float | None = None, bold: bool | None = None,
              color: str | None = None, spacing_pt: float | None = None) -> object:
    """Fill an rPr (run or style) with the given properties; None leaves a property unset."""
    if cjk is not None:
        put(rpr, fonts(cjk, latin or cjk), RPR_SEQ)
    if bold is not None:
        val = "1" if bold else "0"
        put(rpr, el("w:b", val=val), RPR_SEQ)
        put(rpr, el("w:bCs", val=val), RPR_SEQ)
    if color is not None:
        put(rpr, el("w:color", val=color), RPR_SEQ)
    if spacing_pt is not None:
        put(rpr, el("w:spacing", val=twips(spacing_pt)), RPR_SEQ)
    if size_pt is not None:
        put(rpr, el("w:sz", val=half_points(size_pt)), RPR_SEQ)
        put(rpr, el("w:szCs", val=half_points(size_pt)), RPR_SEQ)
    return rpr


def exact_spacing(line_pt: float | None, before_pt: float = 0) -> object:
    """No space after; exact line height, or single (auto) spacing when None."""
    if line_pt is None:
        return el("w:spacing", before=twips(before_pt), after=0, line=240, lineRule="auto")
    return el("w:spacing", before=twips(before_pt), after=0, line=twips(line_pt),
              lineRule="exact")


def indent(*, first_chars: float = 0, char_pt: float = 16, left_pt: float = 0,
           right_pt: float = 0, hanging_pt: float = 0) -> object:
    """w:ind; a first-line indent is written both in character units and twips (layout.md §9)."""
    attrs = {}
    if left_pt:
        attrs["left"] = twips(left_pt)
    if right_pt:
        attrs["right"] = twips(right_pt)
    if first_chars:
        attrs["firstLineChars"] = int(round(first_chars * 100))
        attrs["firstLine"] = twips(first_chars * char_pt)
    elif hanging_pt:
        attrs["hanging"] = twips(hanging_pt)
    else:
        attrs["firstLineChars"] = 0
        attrs["firstLine"] = 0
    return el("w:ind", **attrs)


def border(edge: str, width_pt: float, color: str = "000000", space_pt: float = 0) -> object:
    return el(f"w:{edge}", val="single", sz=eighths(width_pt), space=int(round(space_pt)),
              color=color)


def borders(tag: str, edges: dict) -> object:
    """A w:pBdr / w:tblBorders / w:tcBorders holding `edges` (name -> element) in schema order."""
    box = el(tag)
    for name in BORDER_SEQ:
        if name in edges:
            box.append(edges[name])
    return box


def nil_border(edge: str) -> object:
    return el(f"w:{edge}", val="nil")


def page_field_runs() -> list:
    """The runs of a PAGE field (begin, instruction, separate, placeholder 1, end)."""
    runs = []
    for kind, payload in (("begin", None), ("instr", " PAGE "), ("separate", None),
                          ("text", "1"), ("end", None)):
        r = el("w:r")
        if kind == "instr":
            node = el("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = payload
        elif kind == "text":
            node = el("w:t")
            node.text = payload
        else:
            node = el("w:fldChar", fldCharType=kind)
        r.append(node)
        runs.append(r)
    return runs
