"""Fixed stand-ins for drawn charts, so HTML tests do not depend on matplotlib or its version."""

from __future__ import annotations

from jianbao.model import Issue
from jianbao.rendered import RenderedChart

_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="442pt" height="221pt" viewBox="0 0 442 221">
<metadata>created 2026-01-01</metadata>
<defs><style type="text/css">*{{stroke-linejoin: round; stroke-linecap: butt}}</style>
<path id="bar" d="M0 0h40v100h-40z"/><clipPath id="clip"><rect width="442" height="200"/></clipPath></defs>
<g clip-path="url(#clip)">
<rect width="442" height="221" fill="#ffffff"/>
<use xlink:href="#bar" x="{a}" y="80" fill="#c00000"/><use xlink:href="#bar" x="{b}" y="40" fill="#1f4e9c"/>
<line x1="40" y1="180" x2="420" y2="180" stroke="#000000"/>
</g>
<text x="221" y="210" text-anchor="middle" font-size="14">{label}</text>
</svg>
"""


def fake_svg(n: int, label: str = "") -> bytes:
    return _SVG.format(a=40 + 20 * n, b=200 + 20 * n, label=label or f"chart {n}").encode("utf-8")


def fake_chart(n: int, caption: str, **over) -> RenderedChart:
    values = dict(
        number=n, caption=caption, alt=f"{caption}：校舍建设竣工率由36%升至73%，设备采购完成率由18%升至87%。",
        png=b"", svg=fake_svg(n), width_mm=156, height_mm=78,
        data_header=("指标", "2017年4月", "2017年8月"),
        data_rows=(("校舍建设竣工率", "36%", "73%"), ("设备采购完成率", "18%", "87%")),
    )
    values.update(over)
    return RenderedChart(**values)


def fake_charts(issue: Issue) -> dict[int, RenderedChart]:
    return {spec.number: fake_chart(spec.number, spec.caption) for spec in issue.charts}
