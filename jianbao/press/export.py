"""The press folder of an issue: its public view as HTML, WeChat, Markdown, Word and PNG, a manifest; leak-checked."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from jianbao.article_text import footnote_call
from jianbao.chinese import one_line_title
from jianbao.escape import markdown_text
from jianbao.leak import leak_check
from jianbao.model import (
    ChartSpec,
    Emphasis,
    FootnoteRef,
    Heading,
    Highlights,
    Issue,
    ItemList,
    LineBreak,
    Paragraph,
    Photo,
    Strong,
    Table,
    Text,
)
from jianbao.press.cover import press_cover
from jianbao.project import PRESS_DIR, PRESS_WITHHELD
from jianbao.public import public_charts, public_pictures, public_view, source_line, summary_of, withheld_titles
from jianbao.rendered import RenderedChart
from jianbao.write import Artifact

# ---------------------------------------------------------------- markdown export

def _inline_md(inlines) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(markdown_text(node.text))
        elif isinstance(node, Strong):
            out.append(f"**{_inline_md(node.children)}**")
        elif isinstance(node, Emphasis):
            out.append(f"*{_inline_md(node.children)}*")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        elif isinstance(node, FootnoteRef):
            out.append(footnote_call(node.number))  # ［1］: CommonMark has no footnotes (see _footnotes_md)
        else:
            raise TypeError(f"unknown inline {type(node).__name__}")
    return "".join(out)


def _notes_md(caption: str, notes: tuple[str, ...]) -> str:
    """A caption in emphasis, then its 注 and 数据来源 lines under it (hard line breaks)."""
    return "  \n".join([f"*{markdown_text(caption)}*", *(markdown_text(n) for n in notes)])


# An ideographic space (U+3000) indents a nested item: Markdown reads it as text, never as the
# indentation of a code block or a nested list.
_LEVEL = "\u3000\u3000"


def _list_md(block: ItemList) -> str:
    """Each item a paragraph, its marker written as text: a Markdown list would be renumbered
    (1. 1. 1. reads 1. 2. 3., and （1） or ① are no list markers at all)."""
    return "\n\n".join(_LEVEL * item.depth + markdown_text(item.marker) + _inline_md(item.inlines)
                        for item in block.items)


def _footnotes_md(article) -> list[str]:
    """The article's notes after its last block, as ［1］… paragraphs under a 注释： line.

    CommonMark has no footnotes: [^1] would show as typed in most tools, and a tool that knows
    them moves the notes to the end of the whole file, away from their article.
    """
    if not article.footnotes:
        return []
    return ["注释：", *(footnote_call(f.number) + _inline_md(f.inlines) for f in article.footnotes)]


def _block_md(block, charts: Mapping[int, RenderedChart]) -> str:
    if isinstance(block, Paragraph):
        return _inline_md(block.inlines)
    if isinstance(block, Heading):
        # The marker is the numbering's own (一、（一）1.（1）), never input.
        return f"{'#' * (block.level + 1)} {block.marker}{_inline_md(block.inlines)}" + (
            f"\n\n{_inline_md(block.run_in)}" if block.run_in else "")
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        lines = ["| " + " | ".join(markdown_text(cell) for cell in row) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * len(block.header))
        notes = "  \n".join(markdown_text(n) for n in block.notes)
        return f"**{markdown_text(block.caption)}**\n\n" + "\n".join(lines) + (f"\n\n{notes}" if notes else "")
    if isinstance(block, ChartSpec):
        chart = charts[block.number]
        return f"![{markdown_text(chart.alt)}](fig-{block.number}.png)\n\n{_notes_md(chart.caption, block.notes)}"
    if isinstance(block, Photo):
        return f"![{markdown_text(block.alt)}]({block.file_name})\n\n{_notes_md(block.caption, block.notes)}"
    if isinstance(block, ItemList):
        return _list_md(block)
    if isinstance(block, Highlights):
        return "\n\n".join(f"**{markdown_text(h.ordinal)}{_inline_md(h.lead)}**{_inline_md(h.text)}"
                           for h in block.items)
    raise TypeError(f"unknown block {type(block).__name__}")


def press_markdown(view: Issue, charts: Mapping[int, RenderedChart]) -> str:
    parts = []
    for n, article in enumerate(view.articles, start=1):
        parts.append(f"# {markdown_text(article.title)}")
        if view.correction and n == 1:  # under the headline, as on the page and in Word
            parts.append(f"> **{markdown_text(view.correction.label)}**{markdown_text(view.correction.reason)}")
        if view.shows_contents and n == 1:  # 本期要目, as the press page has it under the first headline
            parts.append("**本期要目**  \n" + "  \n".join("◆ " + markdown_text(a.title) for a in view.articles))
        parts += [f"> 编者按：{_inline_md(p.inlines)}" for p in article.note]
        parts += [_block_md(b, charts) for b in article.blocks]
        parts += _footnotes_md(article)
    parts.append(markdown_text(f"（{view.series.issuer}　{view.date_label}）"))
    parts.append(markdown_text(source_line(view)))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- manifest

def press_manifest(issue: Issue, view: Issue, files: Iterable[str], version: int = 1) -> bytes:
    """What was released from which issue, in which version: public things only.

    The titles of withheld articles are not here (the manifest travels with the press folder):
    they go to the office's own report beside the folder (`withheld_report`).
    """
    correction = view.correction
    data = {
        "series": issue.series.id,
        "series_title": issue.series.title,
        "issue": issue.number_label,
        "year": issue.year,
        "date": issue.date.isoformat(),
        "version": version,
        "correction": {"reason": correction.reason, "date": correction.date.isoformat()} if correction else None,
        "source": issue.source,
        "issuer": issue.series.issuer,
        "headline": view.headline,
        "released": [{"title": a.title, "charts": [c.caption for c in a.charts],
                      "photos": [p.caption for p in a.photos]} for a in view.articles],
        "figures": sorted(view.figures),
        "files": sorted(files),
        "wechat": {
            "title": one_line_title(view.headline),
            "summary": summary_of(view),
            "body": f"{issue.file_stem}.wechat.html",
            "copy_page": f"{issue.file_stem}.wechat-copy.html",
            "note": "用浏览器打开 copy_page，点“复制正文”后粘贴到公众号编辑器；标题、摘要分别填入编辑器的标题栏和摘要栏；"
                    "图片在编辑器中另行上传，按下列顺序替换同名图片"
                    + ("；cover 是封面图片，在编辑器的“封面”处上传" if issue.cover else ""),
            "cover": {"file": issue.cover.file_name, "width": issue.cover.width, "height": issue.cover.height}
            if issue.cover else None,
            "images": public_pictures(view),
        },
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def sendable(art: Artifact) -> Artifact:
    """An archived press file as it may be sent now: a manifest archived by an older version of
    this program listed the withheld titles, which the served copy leaves out (the archive keeps
    its bytes). Every other file, and a manifest without the list, comes back unchanged."""
    if not art.path.endswith(f"{PRESS_DIR}/manifest.json"):
        return art
    data = json.loads(art.data)
    if "withheld" not in data:
        return art
    data.pop("withheld")
    return Artifact(art.path, (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8"))


def withheld_report(issue: Issue) -> list[Artifact]:
    """The office's note of what the press folder leaves out, beside the folder (never in it).

    Plain text, so that it opens in Notepad or WPS; a BOM, so that an older Notepad reads it as
    UTF-8 and not as GBK. Nothing when no article is public: then there is no press folder to explain.
    """
    withheld = withheld_titles(issue)
    if public_view(issue) is None:
        return []
    lines = [f"{issue.name}新闻稿（{PRESS_DIR}/）未收录的内部文章：{len(withheld)} 篇。本文件仅供内部留存，请勿随新闻稿发出。"]
    lines += [f"{n}. {title}" for n, title in enumerate(withheld, start=1)]
    text = "\ufeff" + "\n".join(lines) + "\n"
    return [Artifact(PRESS_WITHHELD, text.encode("utf-8"))]


# ---------------------------------------------------------------- all press outputs of one issue

def render_press(issue: Issue, charts: Mapping[int, RenderedChart], version: int = 1,
                 root: Path | None = None) -> list[Artifact]:
    """The press folder of an issue (paths relative to the issue folder), leak-checked; [] if nothing is public.

    <stem>.html (standalone page), <stem>.wechat.html (fragment), <stem>.md, <stem>.docx,
    fig-N.png, photo-N.jpg|png, cover.jpg|png (when the issue names a cover; read from the project
    `root`) and manifest.json.
    """
    # Imported here: the CLI loads this module for every command, and python-docx takes a while.
    from jianbao.render.html.bulletin import photo_files
    from jianbao.render.html.press import press_html, wechat_copy_page, wechat_html
    from jianbao.render.word.press import render_press_docx

    view = public_view(issue)
    if view is None:
        return []
    kept = public_charts(view, charts)
    stem = f"{PRESS_DIR}/{issue.file_stem}"
    files = [
        Artifact(f"{stem}.html", press_html(view, kept)),
        Artifact(f"{stem}.wechat.html", wechat_html(view, kept)),
        Artifact(f"{stem}.wechat-copy.html", wechat_copy_page(view, kept, issue.cover)),
        Artifact(f"{stem}.md", press_markdown(view, kept).encode("utf-8")),
        Artifact(f"{stem}.docx", render_press_docx(view, kept)),
    ]
    files += [Artifact(f"{PRESS_DIR}/fig-{n}.png", chart.png) for n, chart in sorted(kept.items())]
    files += [Artifact(f"{PRESS_DIR}/{name}", photo.data) for name, photo in photo_files(view).items()]
    if issue.cover is not None:
        files.append(Artifact(f"{PRESS_DIR}/{issue.cover.file_name}", press_cover(issue.cover, root)))
    files.append(Artifact(f"{PRESS_DIR}/manifest.json",
                          press_manifest(issue, view, [f.path.split("/", 1)[1] for f in files], version)))
    leak_check(issue, files, charts)
    return files
