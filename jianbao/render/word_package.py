"""Deterministic .docx packaging: properties from the issue, no template leftovers, fixed zip entries."""

from __future__ import annotations

import datetime
import io
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..model import Issue

STYLES_WITH_EFFECTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)
CONTENT_TYPES = "[Content_Types].xml"


def normalise(doc, issue: Issue) -> None:
    """Core properties from the issue; drop the template's thumbnail and Word 2010 style copy."""
    cp = doc.core_properties
    stamp = datetime.datetime.combine(issue.date, datetime.time(0, 0))
    cp.title = issue.headline
    cp.subject = f"{issue.series.title} {issue.number_label}"
    cp.author = issue.series.issuer
    cp.last_modified_by = issue.series.issuer
    cp.keywords = issue.series.title
    cp.comments = ""
    cp.category = ""
    cp.language = "zh-CN"
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1
    package = doc.part.package
    # The template's thumbnail shows an empty page, and stylesWithEffects.xml would give
    # Word 2010 a second, theme-font Normal style that contradicts styles.xml.
    _drop_rels(package.rels, {RT.THUMBNAIL})
    _drop_rels(doc.part.rels, {STYLES_WITH_EFFECTS})
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # The template says Word 2010, which makes Word 2013+ open the file in 兼容模式.
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_rels(rels, reltypes: set[str]) -> None:
    for r_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            del rels[r_id]


def save(doc, issue: Issue) -> bytes:
    """The package as bytes, re-zipped with sorted entries stamped with the issue date."""
    raw = io.BytesIO()
    doc.save(raw)
    stamp = (max(issue.date.year, 1980), issue.date.month, issue.date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = sorted(src.namelist(), key=lambda n: (n != CONTENT_TYPES, n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
