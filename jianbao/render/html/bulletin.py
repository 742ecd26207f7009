"""The HTML briefing of an issue: linked (index.html, bulletin.css, fig-N.svg) or one self-contained file."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
import markupsafe
import nh3

from jianbao.assets import TEMPLATES_DIR
from jianbao.chinese import em_width, headline_lines, join_soft_breaks
from jianbao.errors import RenderError
from jianbao.layout import Layout, note_lines, table_kept_whole
from jianbao.model import (
    ChartSpec,
    Emphasis,
    FootnoteRef,
    Heading,
    Highlights,
    Issue,
    ItemList,
    LineBreak,
    ListItem,
    Paragraph,
    Photo,
    Strong,
    Table,
    Text,
)
from jianbao.render.html.svg import clean_svg_file, inline_svg
from jianbao.rendered import RenderedChart
from jianbao.write import Artifact

STYLESHEET = "bulletin.css"

# Open stand-ins follow the official name (layout.md §8); generic families stay unquoted.
FONT_FALLBACKS = {
    "xiaobiaosong": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "STZhongsong", "Noto Serif CJK SC",
                     "FandolSong", "serif"),
    "fangsong": ("仿宋", "FangSong", "STFangsong", "FandolFang", "Noto Serif CJK SC", "serif"),
    "kaiti": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "FandolKai", "LXGW WenKai", "serif"),
    "heiti": ("SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "FandolHei", "sans-serif"),
    "songti": ("SimSun", "STSong", "Noto Serif CJK SC", "AR PL UMing CN", "FandolSong", "serif"),
    "latin": ("Liberation Serif", "TeX Gyre Termes"),
}
_GENERIC = {"serif", "sans-serif", "monospace"}

# Defence in depth after autoescaping: only the elements and attributes the templates write.
_TAGS = {
    "header", "main", "footer", "article", "section", "nav", "div", "p", "span", "strong", "em", "br",
    "sup", "a", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "time",
    "table", "caption", "thead", "tbody", "tr", "th", "td",
}
_ATTRIBUTES = {
    "*": {"class", "id", "role", "aria-label", "aria-labelledby", "tabindex"},
    "div": {"data-chart"},
    "a": {"href"},  # links within the page only (本期要目, footnotes): url_schemes lets no scheme through
    "img": {"src", "alt", "width", "height"},
    "th": {"scope"},
    "time": {"datetime"},
}
_PLACEHOLDER = re.compile(r'<div class="chart-media" data-chart="(\d+)"></div>')
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


# ---------------------------------------------------------------- filters (CSS values are checked,
# because a series may override the layout and a font name ends up inside a <style> element)

def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RenderError(f"版式数值不合法：{value!r}")
    return f"{round(float(value), 4):g}"


def _unit(unit: str):
    return lambda value: markupsafe.Markup(_number(value) + unit)


def _css_string(name: str) -> str:
    def escape(ch: str) -> str:
        # Quotes, backslashes, angle brackets and controls become CSS escapes: no way out of
        # the string, nor out of the <style> element.
        return f"\\{ord(ch):X} " if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F else ch
    if not isinstance(name, str) or not name.strip():
        raise RenderError(f"字体名称不合法：{name!r}")
    return '"' + "".join(escape(ch) for ch in name) + '"'


def font_stack(layout: Layout, role: str) -> markupsafe.Markup:
    """CSS font-family: the layout's official name first, then open fallbacks."""
    names = [getattr(layout, f"font_{role}"), *FONT_FALLBACKS[role]]
    unique = list(dict.fromkeys(names))
    return markupsafe.Markup(", ".join(n if n in _GENERIC else _css_string(n) for n in unique))


def font_sources(layout: Layout, role: str, face: str = "") -> markupsafe.Markup:
    """@font-face src: local() for each name of the stack (no downloads: the CSP forbids them)."""
    names = dict.fromkeys([getattr(layout, f"font_{role}"), *FONT_FALLBACKS[role]])
    return markupsafe.Markup(", ".join(f"local({_css_string(n + face)})"
                                       for n in names if n not in _GENERIC))


def css_color(value: str) -> markupsafe.Markup:
    match = _HEX.fullmatch(value or "")
    if not match:
        raise RenderError(f"颜色值不合法：{value!r}（应为六位十六进制，如 FF0000）")
    return markupsafe.Markup("#" + match.group(1).upper())


def _is_a(cls: type):
    """A jinja2 test: `block is paragraph` in the templates."""
    return lambda obj: isinstance(obj, cls)


def _kept_whole(table: Table, layout: Layout) -> bool:
    """A jinja2 test: `b is kept_whole(layout)`, the table stays in one piece on paper (as in Word)."""
    return table_kept_whole([[em_width(c) for c in row] for row in (table.header, *table.rows)], layout,
                            note_lines([em_width(n) for n in table.notes], layout))


def _unknown(node) -> str:
    raise RenderError(f"内部错误：HTML 无法呈现 {type(node).__name__}")


@dataclass
class ListNode:
    """A list item with the items nested under it."""

    item: ListItem
    children: list[ListNode] = field(default_factory=list)


def nest_items(items: Sequence[ListItem]) -> list[ListNode]:
    """The model's flat list items nested again by their depth (a deeper item goes under the one
    before it; one deeper by more than a level still goes just one level down)."""
    top: list[ListNode] = []
    path: list[ListNode] = []  # the last node at each depth, from the top
    for item in items:
        node = ListNode(item)
        del path[max(0, min(item.depth, len(path))):]
        (path[-1].children if path else top).append(node)
        path.append(node)
    return top


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one jinja2 environment of the process (templates are compiled once and cached)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
        # Compiled templates kept across runs (keyed by their source) in jinja2's own per-user
        # temp folder, which it refuses to use unless owned by the user and private to them.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(pt=_unit("pt"), mm=_unit("mm"), em=_unit("em"), num=_unit(""),
                       font_stack=font_stack, font_sources=font_sources, css_color=css_color,
                       join_soft_breaks=join_soft_breaks)
    kinds = {"text": Text, "strong": Strong, "emphasis": Emphasis, "linebreak": LineBreak,
             "footnoteref": FootnoteRef, "paragraph": Paragraph, "heading": Heading, "table": Table,
             "chart": ChartSpec, "photo": Photo, "itemlist": ItemList, "highlights": Highlights}
    env.tests.update({name: _is_a(cls) for name, cls in kinds.items()})
    env.tests["kept_whole"] = _kept_whole
    env.globals.update(unknown=_unknown, headline_lines=headline_lines, nest_items=nest_items)
    return env


def render_template(name: str, **context) -> str:
    """Render one template of templates/ (autoescaped, strict about undefined names)."""
    return environment().get_template(name).render(**context)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The shared style sheet; layout numbers reach it as CSS custom properties from the page."""
    css = (TEMPLATES_DIR / STYLESHEET).read_text(encoding="utf-8")
    if "</" in css:
        raise RenderError(f"内部错误：{STYLESHEET} 含有“</”，不能内嵌")
    return css


def sanitize(fragment: str) -> str:
    """Pass rendered body HTML through nh3 with the allowlist of what the templates write."""
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(),
                     link_rel=None, strip_comments=True)


# The WeChat editor keeps inline style attributes and drops classes, ids and style sheets, so a
# fragment for it allows style="" and nothing that refers to a style sheet.
_INLINE_TAGS = {"section", "p", "span", "strong", "em", "br", "sup", "h1", "h2", "h3", "h4", "figure",
                "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td"}
_INLINE_ATTRIBUTES = {"*": {"style"}, "img": {"src", "alt", "width"}, "th": {"scope"}}


def sanitize_inline_styled(fragment: str) -> str:
    """Like sanitize(), for fragments styled by style="" attributes only (no class, no id)."""
    return nh3.clean(fragment, tags=_INLINE_TAGS, attributes=_INLINE_ATTRIBUTES, url_schemes=set(),
                     link_rel=None, strip_comments=True)


def render_page(name: str, *, body: str, **context) -> str:
    """Render a whole-page template around an already sanitized `body` (e.g. the press release)."""
    return render_template(name, body=markupsafe.Markup(body), **context)


def _charts_of(issue: Issue, charts: Mapping[int, RenderedChart]) -> dict[int, RenderedChart]:
    used = {}
    for spec in issue.charts:
        if spec.number not in charts:
            raise RenderError(f"内部错误：图{spec.number}（{spec.title}）没有生成图片")
        used[spec.number] = charts[spec.number]
    return dict(sorted(used.items()))


def photo_files(issue: Issue) -> dict[str, Photo]:
    """The issue's photos by the name each has beside its page (photo-N.jpg), checked to have bytes."""
    found = {}
    for photo in issue.photos:
        if not photo.data:
            raise RenderError(f"内部错误：图{photo.number}（{photo.title}）没有照片数据")
        found[photo.file_name] = photo
    return found


def data_uri(photo: Photo) -> str:
    return f"data:image/{photo.kind};base64," + base64.b64encode(photo.data).decode("ascii")


def inline_photos(body: str, photos: Mapping[str, Photo]) -> str:
    """The photos' bytes in place of their file names, for a page that must stand alone.

    Done after sanitizing, which lets no data: address through; the names are ours (photo-N.jpg),
    so each appears exactly once as the src of an <img> (a text saying so has its < escaped).
    """
    for name, photo in photos.items():
        source = f'<img src="{name}"'
        count = body.count(source)
        body = body.replace(source, f'<img src="{data_uri(photo)}"')
        if count != 1:
            raise RenderError(f"内部错误：网页中图{photo.number}的照片出现 {count} 次")
    return body


def page_html(*, title: str, layout: Layout, body: str, single_file: bool, fit=None,
              meta: Mapping[str, str] | None = None) -> str:
    """A whole page around an already sanitized body; reused by the press and archive pages.

    `meta` (public pages): description, canonical, og_title, og_description, og_image, og_url;
    plain text, escaped by the template.
    """
    return render_template(
        "page.html.j2", title=title, layout=layout, body=markupsafe.Markup(body),
        stylesheet=None if single_file else STYLESHEET,
        inline_css=markupsafe.Markup(stylesheet()) if single_file else None,
        fit=fit or {}, meta=meta or {},
    )


def render_html(issue: Issue, charts: Mapping[int, RenderedChart], *, single_file: bool,
                meta: Mapping[str, str] | None = None, banner: str = "") -> list[Artifact]:
    """index.html + bulletin.css + fig-N.svg + photo-N.jpg, or <file_stem>.html with style, charts
    and photos inside.

    A public page adds `meta` (see page_html) and a `banner` above the issue: HTML from an
    autoescaped template of ours (navigation, a 更正 notice), placed outside the sanitized body.
    """
    used = _charts_of(issue, charts)
    photos = photo_files(issue)
    series = issue.series
    body = sanitize(render_template("issue.html.j2", issue=issue, charts=used,
                                    inline_charts=single_file))
    if single_file:
        body = inline_photos(body, photos)
        def media(match: re.Match) -> str:
            chart = used[int(match.group(1))]
            return ('<div class="chart-media">' + inline_svg(chart.svg, chart.number, chart.alt)
                    + "</div>")
        body, count = _PLACEHOLDER.subn(media, body)
        if count != len(used):
            raise RenderError("内部错误：HTML 中图的数量与简报不符")
    title = f"{series.title} {issue.number_label}"
    if issue.headline:
        title += f" {issue.headline}"
    fit = {"masthead": em_width(series.title), "program": em_width(series.program)}
    html = page_html(title=title, layout=series.layout, body=banner + body, single_file=single_file,
                     fit=fit, meta=meta).encode("utf-8")
    if single_file:
        return [Artifact(f"{issue.file_stem}.html", html)]
    return [Artifact("index.html", html), Artifact(STYLESHEET, stylesheet().encode("utf-8"))] + [
        Artifact(f"fig-{n}.svg", clean_svg_file(chart.svg, n)) for n, chart in used.items()] + [
        Artifact(name, photo.data) for name, photo in photos.items()]
