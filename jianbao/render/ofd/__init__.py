"""OFD copies (GB/T 33190-2016) of a bulletin's PDF: the same pages, text as text in embedded fonts, A4, identified."""

from __future__ import annotations

from jianbao.render.ofd.package import DocInfo, EmbeddedFont, build_package

__all__ = ["DocInfo", "pdf_to_ofd"]


def pdf_to_ofd(pdf: bytes, info: DocInfo) -> tuple[bytes, list[str]]:
    """The OFD of a PDF, and the PDF faces it could not embed (a reader then uses a face of its own).

    Each glyph is placed where the PDF places it; each face is the installed font the PDF was made
    with, cut to the characters shown (fonts.py). The same PDF and info give the same bytes.
    """
    from jianbao.render.ofd.fonts import find_face, subset_font
    from jianbao.render.ofd.pages import TextRun, read_pages

    pages = read_pages(pdf)
    texts: dict[str, set[str]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, TextRun):
                texts.setdefault(item.font, set()).update(item.text)
    fonts: dict[str, EmbeddedFont] = {}
    font_of: dict[str, str] = {}
    missing = []
    by_face: dict[tuple[str, int], set[str]] = {}
    faces = {}
    for name in sorted(texts):
        face = find_face(name)
        if face is None:
            fonts[name] = EmbeddedFont(family=name.split("-")[0], name=name)
            font_of[name] = name
            missing.append(name)
            continue
        key = face.postscript  # LibreOffice splits one face into several PDF fonts: one OFD font again
        faces[key] = face
        by_face.setdefault((face.path, face.index), set()).update(texts[name])
        font_of[name] = key
    for key, face in faces.items():
        made = subset_font(face, by_face[(face.path, face.index)])
        if made is None:
            missing.append(key)
        fonts[key] = EmbeddedFont(face.family, face.postscript, face.bold, face.italic,
                                  made[0] if made else None, made[1] if made else ".otf")
    return build_package(pages, info, fonts, font_of), missing
