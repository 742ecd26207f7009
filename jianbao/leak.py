"""The one leak check, for press folders and the public site: what internal content is, what a reader of a file can see."""

from __future__ import annotations

import html
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path

from jianbao.article_text import plain_text, written_texts
from jianbao.errors import LeakError
from jianbao.escape import markdown_plain
from jianbao.model import Issue
from jianbao.public import public_view, source_line, summary_of, withheld_articles
from jianbao.rendered import RenderedChart
from jianbao.write import Artifact

MIN_CANARY = 6  # shorter internal fragments (e.g. "8个县") are too common to mean a leak
MIN_LABEL = 4  # a Chinese figure label of 4 characters (e.g. "约谈人数") is specific enough


def _figure_texts(figure) -> list[str]:
    """What a figure may print: its label, unit, and a table's row header, column and row names."""
    texts = [figure.label, figure.unit, getattr(figure, "row_header", "")]
    texts += list(getattr(figure, "columns", ())) + [row[0] for row in getattr(figure, "rows", ())]
    return texts


def public_texts(view: Issue | None, charts: Mapping[int, RenderedChart] | None = None) -> str:
    """Everything the press files may legitimately say: public articles, their figures and charts,
    and the release's own furniture (issuer, series title, date, 来源, 摘要, a 更正 the view keeps)."""
    if view is None:
        return ""
    texts = [view.series.title, view.series.issuer, view.date_label, source_line(view), summary_of(view)]
    texts += [t for a in view.articles for t in written_texts(a)]
    texts += [t for f in view.figures.values() for t in _figure_texts(f)]
    if view.correction is not None:
        texts.append(view.correction.reason)
    for chart in (charts or {}).values():
        texts += [chart.caption, chart.alt, *chart.data_header, *("".join(r) for r in chart.data_rows)]
    return "\n".join(texts)


def _pieces(texts: Iterable[str]) -> set[str]:
    """Each text whole and cut at sentence and clause punctuation (a clause copied alone still leaks)."""
    pieces = set()
    for text in texts:
        pieces.add(text.strip())
        pieces.update(p.strip() for p in re.split(r"[。！？；;，,：:\n]", text))
    return pieces


def _internal_texts(issue: Issue, view: Issue | None) -> tuple[set[str], set[str]]:
    """(sentences, names) of an issue that its view leaves out.

    Sentences: internal articles (title, 摘要, 编者按, body, lists, tables, chart and photo
    captions, alt texts and notes, highlights, closing, footnotes), the issue's 编者按, its 签发
    line, and a 更正 reason the view does not show. Names: the label, unit, row and column names
    of each figure the view does not quote, and the names of who signed and checked the issue
    (a view never shows them).
    """
    texts = [t for a in withheld_articles(issue) for t in written_texts(a)]
    if view is None:
        texts += [t for a in issue.articles for t in written_texts(a)]
    texts += [plain_text(p.inlines) for p in issue.note]
    texts.append(issue.signoff_line)
    shown = view.correction.reason if view is not None and view.correction is not None else None
    if issue.correction is not None and shown != issue.correction.reason:
        texts.append(issue.correction.reason)  # a reason the view does not show (release: internal)
    names = {t.strip() for fig_id, figure in issue.figures.items()
             if not (view and fig_id in view.figures) for t in _figure_texts(figure)}
    names |= {name.strip() for _, name in issue.signers}
    return _pieces(texts), names


def fragments_of(issues: Iterable[Issue], view: Callable[[Issue], Issue | None] = public_view,
                 charts: Mapping[int, RenderedChart] | None = None, also_shown: Iterable[Issue] = ()) -> list[str]:
    """Pieces of internal text that must not appear in any file shown outside, over several issues.

    `view` says what of an issue may be shown (public_view for press; the public site passes its
    own, None for a draft). A piece any shown issue also says is public already and is not a
    canary; `also_shown` are the views of further issues whose public text counts so (those of a
    site whose pages are checked against a few changed issues only). Pieces shorter than
    MIN_CANARY characters are too common to mean a leak; a Chinese figure name counts from
    MIN_LABEL characters.
    """
    pieces, names, public = set(), set(), [public_texts(shown) for shown in also_shown]
    for issue in issues:
        shown = view(issue)
        drawn = {c.number for c in shown.charts} if shown else set()
        public.append(public_texts(shown, {n: c for n, c in (charts or {}).items() if n in drawn}))
        more_pieces, more_names = _internal_texts(issue, shown)
        pieces |= more_pieces
        names |= more_names
    public_text = "\n".join(public)
    found = {p for p in pieces if len(p) >= MIN_CANARY}
    found |= {p for p in names if len(p) >= MIN_CANARY or (len(p) >= MIN_LABEL and not p.isascii())}
    return sorted(p for p in found if p not in public_text)


def internal_fragments(issue: Issue, charts: Mapping[int, RenderedChart] | None = None) -> list[str]:
    """Pieces of internal text that must not appear in the issue's press files (see fragments_of)."""
    return fragments_of([issue], public_view, charts)


# ---------------------------------------------------------------- what a reader of a press file can see

# HTML attributes a person or a program reads as text (everything else is layout or geometry).
_READ_ATTRIBUTES = {"alt", "title", "aria-label", "content", "src", "href", "name", "datetime",
                    "lang", "summary", "label", "placeholder", "value"}
# docx attributes that carry text: picture names and alt text (wp:docPr), link targets (rels).
_DOCX_ATTRIBUTES = re.compile(r'\s(?:descr|title|name|Target)="([^"]*)"')
_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt"}


class _HTMLText(HTMLParser):
    """Text nodes (style and script contents included) and the attribute values people read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [v for k, v in attrs if v and k in _READ_ATTRIBUTES]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)

    def handle_comment(self, data):
        self.parts.append(data)


def _html_text(data: str) -> str:
    parser = _HTMLText()
    parser.feed(data)
    parser.close()
    # Joined without separators too: inline markup may split a sentence into several text nodes.
    return "".join(parser.parts) + "\n" + "\n".join(parser.parts)


def png_text(data: bytes) -> str:
    """The text chunks (tEXt, zTXt, iTXt) of a PNG: metadata that travels with the image."""
    out, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind in _PNG_TEXT:
            if kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                body = key + b"\0" + zlib.decompress(rest[1:])
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                flag, rest = rest[0], rest[2:]
                lang, _, rest = rest.partition(b"\0")
                translated, _, text = rest.partition(b"\0")
                body = b"\0".join((key, lang, translated, zlib.decompress(text) if flag else text))
            out.append(body.replace(b"\0", b" ").decode("utf-8", "replace"))
        pos += 12 + length
    return "\n".join(out)


def jpeg_text(data: bytes) -> str:
    """The comment (COM) and application (APPn: EXIF, XMP) segments of a JPEG, as text: what a
    camera or an editor wrote into the file, up to the image data."""
    out, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xD9, 0xDA):  # end of image, or the scan: no more metadata
            break
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            out.append(data[pos + 4:pos + 2 + length].replace(b"\0", b" ").decode("utf-8", "replace"))
        pos += 2 + length
    return "\n".join(out)


def _xml_text(xml: str) -> str:
    """Text nodes of an XML part, runs of each paragraph joined, plus the attributes that carry text."""
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|(</w:p>)", xml)
    joined = "".join(text or "\n" for text, _ in runs)
    nodes = re.findall(r">([^<]+)<", xml)
    return html.unescape(joined + "\n" + "\n".join(nodes) + "\n" + "\n".join(_DOCX_ATTRIBUTES.findall(xml)))


def readable_parts(art: Artifact) -> list[tuple[str, str]]:
    """(where, text) for everything a reader of this file could see: text, alt text, file names,
    metadata. A .docx is opened part by part (docProps/core.xml included)."""
    path = art.path
    if path.endswith(".docx"):
        out = [(path, path)]
        with zipfile.ZipFile(io.BytesIO(art.data)) as archive:
            for name in sorted(archive.namelist()):
                data = archive.read(name)
                where = f"{path}（{name}）"
                if name.endswith((".xml", ".rels")):
                    out.append((where, name + "\n" + _xml_text(data.decode("utf-8", "replace"))))
                elif name.endswith(".png"):
                    out.append((where, name + "\n" + png_text(data)))
                elif name.endswith((".jpg", ".jpeg")):
                    out.append((where, name + "\n" + jpeg_text(data)))
                else:
                    out.append((where, name))
        return out
    if path.endswith(".png"):
        return [(path, path + "\n" + png_text(art.data))]
    if path.endswith((".jpg", ".jpeg")):
        return [(path, path + "\n" + jpeg_text(art.data))]
    text = art.data.decode("utf-8", "replace")
    if path.endswith(".json"):
        try:
            data = json.loads(text)  # no exception: the manifest names no withheld title
        except ValueError:
            return [(path, path + "\n" + text)]
        return [(path, path + "\n" + json.dumps(data, ensure_ascii=False))]
    if path.endswith((".html", ".htm", ".svg", ".xml", ".atom", ".rss")):
        # Pages, chart SVGs (matplotlib keeps each text as a comment), feeds and sitemaps: what a
        # reader or a program reads (text, comments, scripts' data, text attributes), never the
        # layout (a style's #000000 is no leak of an internal "000000").
        return [(path, path + "\n" + _html_text(text))]
    # Markdown, CSV, scripts, any other file: as written, and with Markdown's escapes (backslashes,
    # entities) and emphasis marks undone.
    plain = html.unescape(markdown_plain(text))
    unmarked = html.unescape(markdown_plain(re.sub(r"(?<!\\)\*+", "", text)))
    return [(path, "\n".join((path, text, plain, unmarked)))]


def leaks(artifacts: Iterable[Artifact], fragments: Iterable[str]) -> list[str]:
    """Where each fragment shows in the files, as 「file（part） 含有内部内容「…」」 lines."""
    # Compared with white space removed from both sides (a piece found as written is found so
    # too); each piece is squeezed once, not once per file.
    pieces = [(piece, re.sub(r"\s+", "", piece)) for piece in fragments]
    found = []
    for art in artifacts:
        for where, haystack in readable_parts(art):
            squeezed = re.sub(r"\s+", "", haystack)
            found += [f"{where} 含有内部内容「{piece[:30]}」" for piece, bare in pieces if bare in squeezed]
    return found


def folder_files(folder: Path) -> list[Artifact]:
    """Every file under folder (hidden ones included), named by its path relative to the folder."""
    return [Artifact(p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


def check_folder(folder: Path, fragments: Iterable[str]) -> None:
    """Raise LeakError naming each file under folder (a press folder, the public site) that
    contains one of the fragments (see fragments_of): the check a folder gets before it is sent."""
    found = leaks(folder_files(folder), fragments)
    if found:
        raise LeakError(f"{folder} 中出现了内部内容：\n  " + "\n  ".join(found))


def leak_check(issue: Issue, artifacts: Iterable[Artifact],
               charts: Mapping[int, RenderedChart] | None = None) -> None:
    """Raise LeakError naming each press file (and docx part) that contains internal text,
    alt text, file names or metadata. `charts` lets the public charts' alt text count as public."""
    found = leaks(artifacts, internal_fragments(issue, charts))
    if found:
        raise LeakError("新闻稿中出现了内部内容，已停止生成：\n  " + "\n  ".join(found))
