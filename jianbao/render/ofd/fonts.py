"""The faces an OFD copy embeds, read with fontTools: the installed font LibreOffice used, cut to the characters shown.

A PDF from LibreOffice embeds its fonts split into pieces of 256 glyphs with private encodings,
which no OFD reader could use as they are. So the face is found again among the installed fonts
by the PostScript name the PDF gives it (the conversion ran on this computer a moment before),
and subset to the characters the document shows: an OpenType font whose Unicode cmap lets an OFD
reader draw (and a search find) the TextCode as written.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
RESTRICTED = 0x0002  # OS/2 fsType: "restricted licence embedding", the one kind that forbids it


@dataclass(frozen=True)
class Face:
    """An installed face: where it is, and the names an OFD reader knows it by."""

    path: str
    index: int  # in a collection (.ttc); 0 otherwise
    postscript: str
    family: str
    bold: bool
    italic: bool


def font_folders() -> list[Path]:
    """Where the system and the user keep fonts, on Windows, macOS and Linux (UOS, Kylin)."""
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


@lru_cache(maxsize=1)
def installed_faces() -> dict[str, Face]:
    """Every installed face by its PostScript name (name ID 6); read once a run (a quarter of a second)."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    found: dict[str, Face] = {}
    for folder in font_folders():
        for dirpath, _, names in sorted(os.walk(folder)) if folder.is_dir() else []:
            for name in sorted(names):
                if not name.lower().endswith(FONT_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    fonts = (TTCollection(path, lazy=True).fonts if name.lower().endswith((".ttc", ".otc"))
                             else [TTFont(path, lazy=True)])
                    for index, font in enumerate(fonts):
                        face = _face(font, path, index)
                        if face is not None:
                            found.setdefault(face.postscript, face)
                except (TTLibError, OSError, KeyError, ValueError, AssertionError, IndexError):
                    continue  # a damaged or unusual font file: the others still count
    return found


def _face(font, path: str, index: int) -> Face | None:
    names = font["name"]
    postscript = names.getDebugName(6)
    if not postscript:
        return None
    family = names.getDebugName(16) or names.getDebugName(1) or postscript
    style = (names.getDebugName(17) or names.getDebugName(2) or "").casefold()
    return Face(path, index, postscript, family, "bold" in style, "italic" in style or "oblique" in style)


def find_face(pdf_name: str) -> Face | None:
    """The installed face a PDF font name stands for: the name itself, else shorter at each hyphen
    (LibreOffice may add a suffix: NotoSerifCJKjp-Regular-VKana is NotoSerifCJKjp-Regular)."""
    faces = installed_faces()
    parts = pdf_name.split("-")
    for end in range(len(parts), 0, -1):
        face = faces.get("-".join(parts[:end]))
        if face is not None:
            return face
    return None


def subset_font(face: Face, text: Iterable[str]) -> tuple[bytes, str] | None:
    """(font bytes, ".otf" or ".ttf") of the face cut to the characters of `text`; None when its
    licence forbids embedding or it cannot be cut. The same face and text give the same bytes."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    # The subsetter logs each table it drops (FFTM …) as a warning: nothing an editor should read.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    try:
        font = TTFont(face.path, fontNumber=face.index, recalcTimestamp=False, recalcBBoxes=True)
        if "OS/2" in font and font["OS/2"].fsType & 0x000F == RESTRICTED:
            return None
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the face's names: a reader shows them
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.recalc_timestamp = False
        options.layout_features = ["*"]  # vertical forms and punctuation widths stay as set
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({ord(c) for c in "".join(text)}))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except (TTLibError, OSError, KeyError, ValueError, AssertionError, subset.Subsetter.SubsettingError):
        return None
    return out.getvalue(), ".otf" if "CFF " in font or "CFF2" in font else ".ttf"
