"""The XML element under a python-docx paragraph, table, cell or section: the one module below python-docx's public API.

python-docx's proxies give a run its element publicly (`run.element`), and the document, its
styles and settings too (`.element`); a paragraph, a table, a table cell and a section keep
theirs in underscore attributes only. The renderer sets what python-docx has no property for
(w:keepNext=0, table geometry, cell borders, the line grid, field runs), so it needs those
elements: it asks here, and nowhere else, so a python-docx that renames them breaks one module.
"""

from __future__ import annotations


def paragraph_element(paragraph):
    """The w:p (CT_P) of a python-docx Paragraph."""
    return paragraph._p


def paragraph_properties(paragraph):
    """The paragraph's w:pPr, added if it has none."""
    return paragraph._p.get_or_add_pPr()


def table_element(table):
    """The w:tbl (CT_Tbl) of a python-docx Table."""
    return table._tbl


def cell_element(cell):
    """The w:tc (CT_Tc) of a python-docx table cell."""
    return cell._tc


def section_element(section):
    """The w:sectPr (CT_SectPr) of a python-docx Section."""
    return section._sectPr
