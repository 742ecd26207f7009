"""Press release HTML: a standalone news page and a WeChat-ready fragment, from the press view of an issue."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping

from jianbao.assets import TEMPLATES_DIR
from jianbao.chinese import one_line_title
from jianbao.errors import RenderError
from jianbao.model import Cover, Issue
from jianbao.public import public_pictures, source_line, summary_of
from jianbao.render.html.bulletin import (
    inline_photos,
    photo_files,
    render_page,
    render_template,
    sanitize,
    sanitize_inline_styled,
)
from jianbao.render.html.svg import inline_svg
from jianbao.rendered import RenderedChart

# The chart macro of blocks.html.j2 leaves this placeholder; the SVG goes in after sanitizing.
_PLACEHOLDER = re.compile(r'<div class="chart-media" data-chart="(\d+)"></div>')
# WeChat shows <em> in a slanted face, which CJK does not have: emphasis is set in 楷体 instead.
_WECHAT_EM = '<em style="font-style:normal;font-family:KaiTi,STKaiti,serif">'


def _charts(view: Issue, charts: Mapping[int, RenderedChart]) -> dict[int, RenderedChart]:
    missing = [c for c in view.charts if c.number not in charts]
    if missing:
        raise RenderError(f"内部错误：图{missing[0].number}（{missing[0].title}）没有生成图片")
    return {c.number: charts[c.number] for c in view.charts}


def press_html(view: Issue, charts: Mapping[int, RenderedChart]) -> bytes:
    """The press release as one self-contained page: style, chart SVGs and photos inline, no masthead."""
    used = _charts(view, charts)
    layout = view.series.layout
    body = sanitize(render_template("press_body.html.j2", view=view, charts=used, layout=layout,
                                    source=source_line(view)))

    def media(match: re.Match) -> str:
        chart = used[int(match.group(1))]
        return '<div class="chart-media">' + inline_svg(chart.svg, chart.number, chart.alt) + "</div>"

    body, count = _PLACEHOLDER.subn(media, body)
    if count != len(used):
        raise RenderError("内部错误：新闻稿网页中图的数量与文章不符")
    body = inline_photos(body, photo_files(view))
    page = render_page("press.html.j2", body=body, title=view.headline, layout=layout)
    return page.encode("utf-8")


def wechat_html(view: Issue, charts: Mapping[int, RenderedChart]) -> bytes:
    """A fragment for the WeChat editor: inline style attributes only, charts as fig-N.png images,
    photos as photo-N.jpg (or .png).

    The headline is not repeated: it goes into the editor's own title field (see the manifest).
    """
    used = _charts(view, charts)
    fragment = render_template("press_wechat.html.j2", view=view, charts=used, source=source_line(view))
    fragment = sanitize_inline_styled(fragment).replace("<em>", _WECHAT_EM)
    return (fragment.strip() + "\n").encode("utf-8")


def wechat_copy_page(view: Issue, charts: Mapping[int, RenderedChart], cover: Cover | None = None) -> bytes:
    """The WeChat page of the press folder: title, 摘要 and the article with 复制正文, and how to paste.

    The article is the WeChat fragment itself, so what the button copies is what wechat_html
    writes. The page's one script is allowed by its hash (no 'unsafe-inline').
    """
    script = (TEMPLATES_DIR / "wechat_copy.js").read_text(encoding="utf-8")
    if "</" in script:
        raise RenderError("内部错误：wechat_copy.js 含有“</”，不能内嵌")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    page = render_page(
        "wechat_copy.html.j2", body=wechat_html(view, charts).decode("utf-8"),
        title=one_line_title(view.headline), summary=summary_of(view), images=public_pictures(view),
        cover=cover, script=script, script_hash=f"sha256-{digest}")
    return page.encode("utf-8")
