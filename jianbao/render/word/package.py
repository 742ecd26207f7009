"""Deterministic .docx packaging: properties from the issue, no template leftovers, fixed zip entries."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI
from docx.oxml.ns import qn

from jianbao import __version__
from jianbao.model import Issue

STYLES_WITH_EFFECTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)
CONTENT_TYPES = "[Content_Types].xml"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# A part whose extension has its usual content type is typed by one Default for the extension;
# any other part by an Override of its own. These are the pairs python-docx's doc.save() treats
# so, less those no bulletin holds (printer settings, embedded fonts, spreadsheets).
DEFAULT_TYPES = {
    "bmp": CT.BMP, "emf": CT.X_EMF, "gif": CT.GIF, "jpe": CT.JPEG, "jpeg": CT.JPEG, "jpg": CT.JPEG,
    "png": CT.PNG, "rels": CT.OPC_RELATIONSHIPS, "tif": CT.TIFF, "tiff": CT.TIFF, "wmf": CT.X_WMF,
    "xml": CT.XML,
}
STORED_SUFFIXES = (".png", ".jpg", ".jpeg")
ZIP_FIRST_YEAR, ZIP_LAST_YEAR = 1980, 2107  # the years a zip entry's date can hold
APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Jianbao</Application><DocSecurity>0</DocSecurity>"
    "<AppVersion>{version}</AppVersion></Properties>"
)


def normalise(doc, issue: Issue) -> None:
    """Core properties from the issue; the template's leftovers dropped (clean_package)."""
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
    # Not done once in the shared template: the relationship ids it frees would then be
    # reused by the charts' images, changing document.xml for no gain.
    clean_package(doc)


def clean_package(doc) -> None:
    """Drop the template's thumbnail and Word 2010 style copy; Chinese theme language; Word 2013 mode."""
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
    """The package as bytes: sorted entries stamped with the issue date, each compressed once."""
    # A zip entry's date holds the years 1980 to 2107 only; a date outside them would stop the build.
    stamp = (min(max(issue.date.year, ZIP_FIRST_YEAR), ZIP_LAST_YEAR), issue.date.month, issue.date.day, 0, 0, 0)
    members = package_members(doc)
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            members[rel.target_part.partname.membername] = app_properties()
    return zip_members(members, stamp)


def app_properties() -> bytes:
    """docProps/app.xml naming Jianbao, in place of the template's "Microsoft Macintosh Word".

    Only what is true of every document: no page, word or line counts (the template's say one
    empty page; Word and WPS recount when they save) and no editing time.
    """
    return APP_PROPERTIES.format(version=office_version(__version__)).encode("utf-8")


def office_version(version: str) -> str:
    """0.1.0 as 00.0100: AppVersion must read XX.YYYY (ISO/IEC 29500-1 §22.2.2.2)."""
    numbers = [int(m.group()) if (m := re.match(r"\d+", part)) else 0 for part in version.split(".")[:3]]
    major, minor, patch = (numbers + [0, 0, 0])[:3]
    return f"{min(major, 99):02d}.{min(minor, 99):02d}{min(patch, 99):02d}"


def package_members(doc) -> dict[str, bytes]:
    """Every zip member python-docx's own save would write (content types, rels, parts), serialised.

    doc.save() deflates every part only for us to unzip and deflate it again in our own entry
    order and dates; serialising the parts directly does that work once.
    """
    package = doc.part.package
    parts = list(package.iter_parts())
    members = {CONTENT_TYPES: content_types(parts),
               PACKAGE_URI.rels_uri.membername: package.rels.xml}
    for part in parts:
        members[part.partname.membername] = part.blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    return members


def content_types(parts) -> bytes:
    """[Content_Types].xml for `parts`, byte for byte as doc.save() writes it.

    rels and xml always have a Default; Defaults are sorted by extension, Overrides by part name.
    """
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if DEFAULT_TYPES.get(ext) == part.content_type:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    entries = [f'<Default Extension="{_attr(ext)}" ContentType="{_attr(kind)}"/>'
               for ext, kind in sorted(defaults.items())]
    entries += [f'<Override PartName="{_attr(name)}" ContentType="{_attr(kind)}"/>'
                for name, kind in sorted(overrides.items())]
    return f'{XML_DECLARATION}<Types xmlns="{CONTENT_TYPES_NS}">{"".join(entries)}</Types>'.encode()


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def zip_members(members: dict[str, bytes], stamp: tuple, *, deflate: bool = True) -> bytes:
    """A zip of `members`, [Content_Types].xml first then by name, every entry dated `stamp`.

    Media that are already compressed (PNG) are stored: deflating them again costs more time
    than it saves bytes. deflate=False stores everything (a template only this process reads).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(members, key=lambda n: (n != CONTENT_TYPES, n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            packed = deflate and not name.endswith(STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, members[name], compresslevel=6 if packed else None)
    return out.getvalue()
