"""Press view of an issue (public articles only), its Markdown and manifest, and the leak check."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import replace
from typing import Iterable, Mapping

from .errors import LeakError
from .model import (
    Article, ChartSpec, Emphasis, Heading, Highlights, Issue, LineBreak, Paragraph, RenderedChart, Strong,
    Table, Text, plain_text,
)
from .write import Artifact

PRESS_DIR = "press"
MIN_CANARY = 6  # shorter internal fragments (e.g. "8个县") are too common to mean a leak


def press_view(issue: Issue) -> Issue | None:
    """The issue as the press office may see it: public articles and the figures they quote.

    The classification line, the issue-level 编者按 and the distribution block are internal by nature.
    """
    public = tuple(a for a in issue.articles if a.is_public)
    if not public:
        return None
    used = set().union(*(a.figures_used for a in public))
    series = replace(issue.series, classification="", distribution=(), copies=None)
    return replace(issue, series=series, articles=public, note=(), copies=None,
                   figures={k: v for k, v in issue.figures.items() if k in used})


def withheld_titles(issue: Issue) -> list[str]:
    return [a.title for a in issue.articles if not a.is_public]


def public_charts(view: Issue, charts: Mapping[int, RenderedChart]) -> dict[int, RenderedChart]:
    return {c.number: charts[c.number] for c in view.charts}


# ---------------------------------------------------------------- markdown export

def _inline_md(inlines) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text.replace("*", r"\*"))
        elif isinstance(node, Strong):
            out.append(f"**{_inline_md(node.children)}**")
        elif isinstance(node, Emphasis):
            out.append(f"*{_inline_md(node.children)}*")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        else:
            raise TypeError(f"unknown inline {type(node).__name__}")
    return "".join(out)


def _block_md(block, charts: Mapping[int, RenderedChart]) -> str:
    if isinstance(block, Paragraph):
        return _inline_md(block.inlines)
    if isinstance(block, Heading):
        return f"{'#' * (block.level + 1)} {block.marker}{_inline_md(block.inlines)}" + (
            f"\n\n{_inline_md(block.run_in)}" if block.run_in else "")
    if isinstance(block, Table):
        rows = [block.header, tuple("---" for _ in block.header), *block.rows]
        return f"**{block.caption}**\n\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows)
    if isinstance(block, ChartSpec):
        chart = charts[block.number]
        return f"![{chart.alt}](fig-{block.number}.png)\n\n*{chart.caption}*"
    if isinstance(block, Highlights):
        return "\n\n".join(f"**{h.ordinal}{_inline_md(h.lead)}**{_inline_md(h.text)}" for h in block.items)
    raise TypeError(f"unknown block {type(block).__name__}")


def press_markdown(view: Issue, charts: Mapping[int, RenderedChart]) -> str:
    parts = []
    for article in view.articles:
        parts.append(f"# {article.title}")
        parts += [f"> 编者按：{_inline_md(p.inlines)}" for p in article.note]
        parts += [_block_md(b, charts) for b in article.blocks]
    parts.append(f"（{view.series.issuer}　{view.date_label}）")
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- manifest

def press_manifest(issue: Issue, view: Issue, files: Iterable[str]) -> bytes:
    """What was released from which issue, and what was withheld (by title only)."""
    data = {
        "series": issue.series.id,
        "series_title": issue.series.title,
        "issue": issue.number_label,
        "year": issue.year,
        "date": issue.date.isoformat(),
        "released": [{"title": a.title, "charts": [c.caption for c in a.charts]} for a in view.articles],
        "figures": sorted(view.figures),
        "files": sorted(files),
        "withheld": withheld_titles(issue),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------- leak check

def _article_texts(article: Article) -> list[str]:
    texts = [article.title] + [plain_text(p.inlines) for p in article.note]
    for block in article.blocks:
        if isinstance(block, Paragraph):
            texts.append(plain_text(block.inlines))
        elif isinstance(block, Heading):
            texts.append(plain_text(block.inlines) + plain_text(block.run_in))
        elif isinstance(block, Table):
            texts += [block.title, *("".join(r) for r in block.rows)]
        elif isinstance(block, ChartSpec):
            texts.append(block.title)
        elif isinstance(block, Highlights):
            texts += [plain_text(h.lead) + plain_text(h.text) for h in block.items]
    return texts


def internal_fragments(issue: Issue) -> list[str]:
    """Pieces of internal text that must not appear in any press file.

    Internal articles are cut at sentence punctuation; internal figures give their label. A piece
    that a public article also says is public already and is not a canary.
    """
    view = press_view(issue)
    public_text = "\n".join(t for a in (view.articles if view else ()) for t in _article_texts(a))
    pieces = set()
    for article in issue.articles:
        if article.is_public:
            continue
        for text in _article_texts(article):
            pieces.add(text.strip())
            pieces.update(p.strip() for p in re.split(r"[。！？；;\n]", text))
    public_figures = set(view.figures) if view else set()
    for fig_id, figure in issue.figures.items():
        if fig_id not in public_figures:
            pieces.add(figure.label)
    return sorted(p for p in pieces if len(p) >= MIN_CANARY and p not in public_text)


def _readable_text(art: Artifact) -> str:
    """The text a reader of this file could see, markup removed (docx parts unzipped)."""
    if art.path.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(art.data)) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                     if name.endswith((".xml", ".rels"))]
        joined = "\n".join(parts)
        # Text runs are split by formatting; join the w:t contents of each paragraph back together.
        matches = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|(</w:p>)", joined)
        runs = "".join(text or "\n" for text, _ in matches)
        return html.unescape(runs + "\n" + re.sub(r"<[^>]+>", " ", joined))
    if art.path.endswith(".png"):
        return ""
    text = art.data.decode("utf-8", "replace")
    if art.path.endswith("manifest.json"):
        data = json.loads(text)
        data.pop("withheld", None)  # the one sanctioned place for withheld titles
        text = json.dumps(data, ensure_ascii=False)
    return html.unescape(re.sub(r"<[^>]+>", "", text)) + "\n" + html.unescape(text)


def leak_check(issue: Issue, artifacts: Iterable[Artifact]) -> None:
    """Raise LeakError naming each press file that contains internal text, alt text or metadata."""
    fragments = internal_fragments(issue)
    found = []
    for art in artifacts:
        haystack = art.path + "\n" + _readable_text(art)
        squeezed = re.sub(r"\s+", "", haystack)
        for piece in fragments:
            if piece in haystack or re.sub(r"\s+", "", piece) in squeezed:
                found.append(f"{art.path} 含有内部内容「{piece[:30]}」")
    if found:
        raise LeakError("新闻稿中出现了内部内容，已停止生成：\n  " + "\n  ".join(found))


# ---------------------------------------------------------------- all press outputs of one issue

def render_press(issue: Issue, charts: Mapping[int, RenderedChart]) -> list[Artifact]:
    """The press folder of an issue (paths relative to the issue folder), leak-checked; [] if nothing is public."""
    view = press_view(issue)
    if view is None:
        return []
    kept = public_charts(view, charts)
    files = [Artifact(f"{PRESS_DIR}/{issue.file_stem}.md", press_markdown(view, kept).encode("utf-8"))]
    files += [Artifact(f"{PRESS_DIR}/fig-{n}.png", chart.png) for n, chart in sorted(kept.items())]
    files.append(Artifact(f"{PRESS_DIR}/manifest.json",
                          press_manifest(issue, view, [f.path.split("/", 1)[1] for f in files])))
    leak_check(issue, files)
    return files
