"""Chart SVGs made fit for a web page: scripts and external references removed, ids made unique."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from jianbao.errors import RenderError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'

# Elements that can run code, embed foreign markup or carry timestamps; a chart needs none of them.
_DROP = {"script", "foreignObject", "metadata", "iframe", "object", "embed", "handler", "listener"}
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse(svg: bytes, number: int) -> ET.Element:
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise RenderError(f"图{number} 的 SVG 无法解析：{exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise RenderError(f"图{number} 的 SVG 根元素不是 svg（{root.tag}）")
    return root


def _scrub(root: ET.Element, *, drop_style: bool) -> None:
    """Remove active content in place; matplotlib never writes any, this is defence in depth."""
    for parent in list(root.iter()):
        for child in list(parent):
            name = _local(child.tag) if isinstance(child.tag, str) else ""
            # Comments and processing instructions have a callable tag.
            if not name or not child.tag.startswith(f"{{{SVG_NS}}}") or name in _DROP or (
                    drop_style and name == "style"):
                parent.remove(child)
    for el in root.iter():
        for attr in list(el.attrib):
            name = _local(attr)
            value = el.attrib[attr]
            foreign = attr.startswith("{") and attr != XLINK_HREF and not attr.startswith(XML_NS)
            if name.lower().startswith("on") or foreign:
                del el.attrib[attr]
            elif name == "href":
                del el.attrib[attr]
                # Only references inside the same drawing survive; plain href is SVG 2 and
                # keeps the HTML parser from needing the xlink prefix.
                if value.startswith("#"):
                    el.set("href", value)


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Several charts inlined in one page must not share ids (matplotlib reuses glyph ids)."""
    for el in root.iter():
        for attr, value in list(el.attrib.items()):
            if attr == "id":
                el.set(attr, prefix + value)
            elif attr == "href" and value.startswith("#"):
                el.set(attr, "#" + prefix + value[1:])
            elif "url(" in value:
                el.set(attr, _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))


def _serialize(root: ET.Element) -> str:
    # ElementTree's default_namespace refuses unprefixed attributes, and register_namespace is
    # process-wide: write local names and declare the SVG namespace on the root instead.
    for el in root.iter():
        el.tag = _local(el.tag)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


# Each chart goes into the linked page, the single-file page and the press page: parsing and
# serialising it once per form is enough (the bytes of a chart are the cache key).
@lru_cache(maxsize=32)
def clean_svg_file(svg: bytes, number: int) -> bytes:
    """A standalone fig-N.svg: same drawing, without active content."""
    root = _parse(svg, number)
    _scrub(root, drop_style=False)
    text = _serialize(root)
    return (XML_DECLARATION + text + "\n").encode("utf-8")


@lru_cache(maxsize=32)
def inline_svg(svg: bytes, number: int, alt: str) -> str:
    """An <svg> element for inlining into HTML, named for assistive technology by its alt text."""
    root = _parse(svg, number)
    # An inline <style> would apply to the whole page; bulletin.css carries matplotlib's one rule.
    _scrub(root, drop_style=True)
    _prefix_ids(root, f"fig{number}-")
    for attr in ("role", "aria-label", "aria-hidden", "focusable"):
        root.attrib.pop(attr, None)
    root.set("role", "img")
    root.set("aria-label", alt)
    return _serialize(root)
